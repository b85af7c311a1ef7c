import { API_SECURITY, errorResponses, jsonResponse, type OpenAPIRegistry } from '@/lib/api/openapi-common';
import { z } from '@/lib/api/zod';
import { ZProjectParams } from '@/lib/inventory/schema';
import { RISK_TIERS, ZAcceptClassification, ZRiskPolicy, ZSaveRiskPolicy, ZSubmitClassification } from '@/lib/risk/schema';

const ZRiskView = z
  .object({
    project: z.object({ code: z.string() }).catchall(z.unknown()),
    inForce: z
      .object({ tier: z.enum(RISK_TIERS).nullable(), hardStop: z.boolean(), pending: z.boolean(), riskPolicyVersion: z.number().int() })
      .catchall(z.unknown()),
  })
  .catchall(z.unknown())
  .openapi('RiskClassification', {
    description:
      "A project's risk classification: the tier in force (null: unclassified), the current questionnaire version with the rule that fired, its acceptances, and the history of versions.",
  });

const ZSimulation = z
  .object({
    baseVersion: z.number().int(),
    projects: z.array(
      z.object({ project: z.string(), from: z.enum(RISK_TIERS).nullable(), to: z.enum(RISK_TIERS).nullable() }).catchall(z.unknown()),
    ),
    promotions: z.array(z.object({ requestId: z.uuid() }).catchall(z.unknown())),
    grants: z.array(z.object({ requestId: z.uuid() }).catchall(z.unknown())),
    writes: z.literal(0),
  })
  .openapi('RiskPolicySimulation', {
    description: 'What saving the candidate policy would change; nothing is written.',
  });

export function registerRiskRoutes(registry: OpenAPIRegistry) {
  const tags = ['Risk'];
  const body = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/projects/{code}/risk',
    operationId: 'getRiskClassification',
    summary: "A project's risk classification and the tier in force",
    tags,
    security: API_SECURITY,
    request: {
      params: ZProjectParams,
      query: z.object({ page: z.coerce.number().int().min(1).optional(), pageSize: z.coerce.number().int().min(1).max(50).optional() }),
    },
    responses: { 200: jsonResponse('The classification', ZRiskView), ...errorResponses(400, 401, 404) },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/projects/{code}/risk',
    operationId: 'submitRiskClassification',
    summary: 'Submit the risk questionnaire: a new version, its tier computed by the risk policy in force, awaiting acceptance',
    tags,
    security: API_SECURITY,
    request: { params: ZProjectParams, body: body(ZSubmitClassification) },
    responses: {
      201: jsonResponse('The classification after the submission', ZRiskView),
      ...errorResponses(400, 401, 403, 404, 409, 413, 422),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/projects/{code}/risk/acceptance',
    operationId: 'acceptRiskClassification',
    summary:
      'Accept the current classification version as business owner or project lead (refused while an Art 5 practice screens positive)',
    tags,
    security: API_SECURITY,
    request: { params: ZProjectParams, body: body(ZAcceptClassification) },
    responses: {
      200: jsonResponse('The classification after the acceptance', ZRiskView),
      ...errorResponses(400, 401, 403, 404, 409, 413, 422),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/risk/policy',
    operationId: 'getRiskPolicy',
    summary: 'The risk policy in force: tier rules and the gates of each tier, with its version',
    tags,
    security: API_SECURITY,
    responses: {
      200: jsonResponse('The policy', z.object({ version: z.number().int(), policy: ZRiskPolicy }).catchall(z.unknown())),
      ...errorResponses(401),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/risk/policy/simulation',
    operationId: 'simulateRiskPolicy',
    summary:
      'What a candidate risk policy would change (projects changing tier, requests gaining or losing approvals, grants no longer allowed), without saving it',
    tags,
    security: API_SECURITY,
    request: { body: body(z.object({ policy: ZRiskPolicy })) },
    responses: { 200: jsonResponse('The simulation', ZSimulation), ...errorResponses(400, 401, 403, 413) },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/risk/policy',
    operationId: 'saveRiskPolicy',
    summary: 'Save a new risk policy version; projects whose tier changes are re-classified and need accepting again',
    tags,
    security: API_SECURITY,
    request: { body: body(ZSaveRiskPolicy) },
    responses: {
      201: jsonResponse('The saved version', z.object({ version: z.number().int(), reclassified: z.array(z.unknown()) })),
      ...errorResponses(400, 401, 403, 409, 413),
    },
  });
}
