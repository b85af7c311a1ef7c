import { API_SECURITY, errorResponses, jsonResponse, type OpenAPIRegistry } from '@/lib/api/openapi-common';
import { ZPage } from '@/lib/api/pagination';
import { z, ZIdParams } from '@/lib/api/zod';
import {
  ZCheckQuery,
  ZCheckResult,
  ZCreatePackageException,
  ZExceptionDecision,
  ZExceptionDetail,
  ZExceptionListQuery,
  ZExceptionSummary,
  ZScanReport,
  ZScanVerdict,
} from '@/lib/package-exceptions/schema';

export function registerPackageExceptionRoutes(registry: OpenAPIRegistry) {
  const tags = ['Package exceptions'];
  const body = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/package-exceptions',
    operationId: 'listPackageExceptions',
    summary: 'Package exceptions in projects the caller may see, by project, status and view',
    description: 'The status is computed at read time: an approved exception past its expiry is listed as expired.',
    tags,
    security: API_SECURITY,
    request: { query: ZExceptionListQuery },
    responses: {
      200: jsonResponse('A page of exceptions', ZPage(ZExceptionSummary).openapi('PackageExceptionPage')),
      ...errorResponses(400, 401),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/package-exceptions',
    operationId: 'requestPackageException',
    summary: 'Ask to use a package from outside the safe-listed repositories',
    description:
      'A person with the data scientist or project lead persona on the project asks; the platform lead and the project lead approve. ' +
      "A safe-listed source needs no exception (422), nor may the validity exceed the scope's maximum (422); one pending request per package, source and version scope (409).",
    tags,
    security: API_SECURITY,
    request: { body: body(ZCreatePackageException) },
    responses: { 201: jsonResponse('Created', ZExceptionDetail), ...errorResponses(400, 401, 403, 404, 409, 413, 422) },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/package-exceptions/{id}',
    operationId: 'getPackageException',
    summary: 'An exception with its decisions',
    tags,
    security: API_SECURITY,
    request: { params: ZIdParams },
    responses: { 200: jsonResponse('The exception', ZExceptionDetail), ...errorResponses(400, 401, 404) },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/package-exceptions/{id}/decision',
    operationId: 'decidePackageException',
    summary: 'Approve or reject an exception',
    description:
      'The requester may not decide (403); a person decides once (409); concurrent decisions resolve to one outcome. ' +
      'The last required approval sets the expiry: now plus the requested validity.',
    tags,
    security: API_SECURITY,
    request: { params: ZIdParams, body: body(ZExceptionDecision) },
    responses: { 200: jsonResponse('The exception', ZExceptionDetail), ...errorResponses(400, 401, 403, 404, 409) },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/package-exceptions/{id}/cancel',
    operationId: 'cancelPackageException',
    summary: 'Withdraw your own exception, pending or approved',
    tags,
    security: API_SECURITY,
    request: { params: ZIdParams, body: body(z.object({ reason: z.string().max(2000).optional() })) },
    responses: { 200: jsonResponse('The exception', ZExceptionDetail), ...errorResponses(400, 401, 403, 404, 409) },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/package-exceptions/check',
    operationId: 'checkPackage',
    summary: 'May this package, at this version and from this source, be used in this environment of the project?',
    description:
      'Always 200 for a well-formed question: `allowed` with `basis` `safe-listed-source` or `exception` (with its id and expiry), ' +
      'or not allowed with `basis` `refused` and the reason. For the CI/CD identity, data scientists and leads.',
    tags,
    security: API_SECURITY,
    request: { query: ZCheckQuery },
    responses: { 200: jsonResponse('The answer', ZCheckResult), ...errorResponses(400, 401, 403, 404) },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/package-exceptions/scan-reports',
    operationId: 'reportContainerScan',
    summary: 'Report a container scan before deployment; the answer says whether to proceed',
    description:
      'For the CI/CD identity. 201 with `proceed: true` to deploy, or `proceed: false`: stop, discard the image and exit. ' +
      'A scan that failed or did not complete, any critical finding, or a high finding for production stops the deployment; the failure is audited and the project notified.',
    tags,
    security: API_SECURITY,
    request: { body: body(ZScanReport) },
    responses: { 201: jsonResponse('The verdict', ZScanVerdict), ...errorResponses(400, 401, 403, 404, 413) },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/package-exceptions/sources',
    operationId: 'listPackageSources',
    summary: 'The package repositories the platform knows, and which are safe-listed',
    tags,
    security: API_SECURITY,
    responses: {
      200: jsonResponse(
        'The repositories',
        z.object({
          items: z.array(
            z.object({ key: z.string(), name: z.string(), ecosystem: z.string(), safeListed: z.boolean(), description: z.string() }),
          ),
        }),
      ),
      ...errorResponses(401),
    },
  });
}
