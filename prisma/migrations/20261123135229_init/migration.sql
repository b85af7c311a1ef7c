-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "ImplementationKind" AS ENUM ('ENTERPRISE', 'DEPARTMENT', 'PROJECT');

-- CreateEnum
CREATE TYPE "DataClassification" AS ENUM ('PUBLIC', 'GENERAL', 'CONFIDENTIAL', 'HIGHLY_CONFIDENTIAL');

-- CreateEnum
CREATE TYPE "ProjectLifecycle" AS ENUM ('PROPOSED', 'DEVELOPMENT', 'TESTING', 'PRODUCTION', 'ITERATION', 'RETIRED');

-- CreateEnum
CREATE TYPE "EnvironmentKey" AS ENUM ('DEVELOPMENT', 'STAGING', 'QA', 'PRODUCTION');

-- CreateEnum
CREATE TYPE "EnvironmentClass" AS ENUM ('PREPRODUCTION', 'PRODUCTION');

-- CreateEnum
CREATE TYPE "PersonaKind" AS ENUM ('PERSON', 'PROCESS', 'PERSON_OR_PROCESS');

-- CreateEnum
CREATE TYPE "PersonaScope" AS ENUM ('PROJECT', 'PLATFORM');

-- CreateEnum
CREATE TYPE "AccessPeriod" AS ENUM ('LIFE_OF_PROJECT', 'JUST_IN_TIME');

-- CreateEnum
CREATE TYPE "RoleKind" AS ENUM ('AZURE_RBAC', 'AZURE_DEVOPS');

-- CreateEnum
CREATE TYPE "PrincipalType" AS ENUM ('USER', 'GROUP', 'SERVICE');

-- CreateEnum
CREATE TYPE "AssignmentSource" AS ENUM ('PORTAL', 'ENTRA_GROUP', 'ENTRA_APP_ROLE', 'JIT');

-- CreateEnum
CREATE TYPE "EndpointKind" AS ENUM ('ONLINE', 'BATCH');

-- CreateEnum
CREATE TYPE "DeploymentStatus" AS ENUM ('ACTIVE', 'RETIRED', 'FAILED');

-- CreateTable
CREATE TABLE "Implementation" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "ImplementationKind" NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "dataClassification" "DataClassification" NOT NULL,
    "businessOwnerId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Implementation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Project" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "implementationId" UUID NOT NULL,
    "dataClassification" "DataClassification" NOT NULL,
    "costCenter" TEXT NOT NULL,
    "tags" JSONB NOT NULL DEFAULT '{}',
    "lifecycle" "ProjectLifecycle" NOT NULL DEFAULT 'PROPOSED',
    "projectLeadId" UUID,
    "businessOwnerId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Project_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Environment" (
    "id" UUID NOT NULL,
    "key" "EnvironmentKey" NOT NULL,
    "name" TEXT NOT NULL,
    "class" "EnvironmentClass" NOT NULL,
    "sharedAcrossProjects" BOOLEAN NOT NULL DEFAULT false,
    "ordinal" INTEGER NOT NULL,

    CONSTRAINT "Environment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Workspace" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "environmentId" UUID NOT NULL,
    "projectId" UUID,
    "implementationId" UUID,
    "azureResourceId" TEXT NOT NULL,
    "subscriptionId" TEXT NOT NULL,
    "resourceGroup" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Workspace_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Model" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Model_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ModelVersion" (
    "id" UUID NOT NULL,
    "modelId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "trainingDataAsset" TEXT NOT NULL,
    "trainingDataVersion" TEXT NOT NULL,
    "pipelineRunId" TEXT NOT NULL,
    "gitCommit" TEXT NOT NULL,
    "metrics" JSONB NOT NULL DEFAULT '{}',
    "tags" JSONB NOT NULL DEFAULT '{}',
    "registeredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "registeredById" UUID,

    CONSTRAINT "ModelVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Deployment" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "environmentId" UUID NOT NULL,
    "workspaceId" UUID,
    "modelVersionId" UUID NOT NULL,
    "endpointName" TEXT NOT NULL,
    "endpointKind" "EndpointKind" NOT NULL DEFAULT 'ONLINE',
    "deploymentName" TEXT NOT NULL,
    "trafficPercent" INTEGER NOT NULL DEFAULT 100,
    "status" "DeploymentStatus" NOT NULL DEFAULT 'ACTIVE',
    "deployedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retiredAt" TIMESTAMP(3),

    CONSTRAINT "Deployment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "entraObjectId" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "upn" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "jobTitle" TEXT NOT NULL DEFAULT '',
    "appRoles" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "lastSignInAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Group" (
    "id" UUID NOT NULL,
    "entraObjectId" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "personaId" UUID,
    "projectId" UUID,
    "environmentClass" "EnvironmentClass",

    CONSTRAINT "Group_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GroupMember" (
    "groupId" UUID NOT NULL,
    "userId" UUID NOT NULL,

    CONSTRAINT "GroupMember_pkey" PRIMARY KEY ("groupId","userId")
);

-- CreateTable
CREATE TABLE "ServiceIdentity" (
    "id" UUID NOT NULL,
    "appId" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ServiceIdentity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Persona" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "PersonaKind" NOT NULL,
    "scope" "PersonaScope" NOT NULL,
    "description" TEXT NOT NULL,
    "notes" TEXT NOT NULL DEFAULT '',
    "ordinal" INTEGER NOT NULL,

    CONSTRAINT "Persona_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ResourceType" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "ordinal" INTEGER NOT NULL,

    CONSTRAINT "ResourceType_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AzureRole" (
    "id" UUID NOT NULL,
    "abbreviation" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "RoleKind" NOT NULL,
    "roleDefinitionId" TEXT,
    "description" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "AzureRole_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RbacMatrixCell" (
    "id" UUID NOT NULL,
    "environmentClass" "EnvironmentClass" NOT NULL,
    "personaId" UUID NOT NULL,
    "resourceTypeId" UUID NOT NULL,
    "accessPeriod" "AccessPeriod" NOT NULL,

    CONSTRAINT "RbacMatrixCell_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RbacMatrixCellRole" (
    "cellId" UUID NOT NULL,
    "roleId" UUID NOT NULL,
    "ordinal" INTEGER NOT NULL,

    CONSTRAINT "RbacMatrixCellRole_pkey" PRIMARY KEY ("cellId","roleId")
);

-- CreateTable
CREATE TABLE "PersonaAssignment" (
    "id" UUID NOT NULL,
    "personaId" UUID NOT NULL,
    "principalType" "PrincipalType" NOT NULL,
    "userId" UUID,
    "groupId" UUID,
    "serviceIdentityId" UUID,
    "projectId" UUID,
    "environmentId" UUID,
    "source" "AssignmentSource" NOT NULL DEFAULT 'PORTAL',
    "reason" TEXT NOT NULL,
    "validFrom" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "validUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" UUID,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "PersonaAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" BIGSERIAL NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorType" TEXT NOT NULL,
    "actorId" TEXT,
    "actorLabel" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "projectId" UUID,
    "data" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Implementation_code_key" ON "Implementation"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Project_code_key" ON "Project"("code");

-- CreateIndex
CREATE INDEX "Project_implementationId_lifecycle_idx" ON "Project"("implementationId", "lifecycle");

-- CreateIndex
CREATE INDEX "Project_lifecycle_idx" ON "Project"("lifecycle");

-- CreateIndex
CREATE INDEX "Project_projectLeadId_idx" ON "Project"("projectLeadId");

-- CreateIndex
CREATE INDEX "Project_businessOwnerId_idx" ON "Project"("businessOwnerId");

-- CreateIndex
CREATE INDEX "Project_name_idx" ON "Project"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Environment_key_key" ON "Environment"("key");

-- CreateIndex
CREATE UNIQUE INDEX "Environment_ordinal_key" ON "Environment"("ordinal");

-- CreateIndex
CREATE UNIQUE INDEX "Workspace_azureResourceId_key" ON "Workspace"("azureResourceId");

-- CreateIndex
CREATE INDEX "Workspace_projectId_environmentId_idx" ON "Workspace"("projectId", "environmentId");

-- CreateIndex
CREATE INDEX "Workspace_implementationId_environmentId_idx" ON "Workspace"("implementationId", "environmentId");

-- CreateIndex
CREATE UNIQUE INDEX "Model_projectId_name_key" ON "Model"("projectId", "name");

-- CreateIndex
CREATE INDEX "ModelVersion_registeredById_idx" ON "ModelVersion"("registeredById");

-- CreateIndex
CREATE UNIQUE INDEX "ModelVersion_modelId_version_key" ON "ModelVersion"("modelId", "version");

-- CreateIndex
CREATE INDEX "Deployment_modelVersionId_status_idx" ON "Deployment"("modelVersionId", "status");

-- CreateIndex
CREATE INDEX "Deployment_projectId_environmentId_status_idx" ON "Deployment"("projectId", "environmentId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "User_upn_key" ON "User"("upn");

-- CreateIndex
CREATE INDEX "User_displayName_idx" ON "User"("displayName");

-- CreateIndex
CREATE UNIQUE INDEX "User_tenantId_entraObjectId_key" ON "User"("tenantId", "entraObjectId");

-- CreateIndex
CREATE INDEX "Group_projectId_personaId_idx" ON "Group"("projectId", "personaId");

-- CreateIndex
CREATE UNIQUE INDEX "Group_tenantId_entraObjectId_key" ON "Group"("tenantId", "entraObjectId");

-- CreateIndex
CREATE INDEX "GroupMember_userId_idx" ON "GroupMember"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "ServiceIdentity_tenantId_appId_key" ON "ServiceIdentity"("tenantId", "appId");

-- CreateIndex
CREATE UNIQUE INDEX "Persona_code_key" ON "Persona"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Persona_key_key" ON "Persona"("key");

-- CreateIndex
CREATE UNIQUE INDEX "Persona_ordinal_key" ON "Persona"("ordinal");

-- CreateIndex
CREATE UNIQUE INDEX "ResourceType_key_key" ON "ResourceType"("key");

-- CreateIndex
CREATE UNIQUE INDEX "ResourceType_ordinal_key" ON "ResourceType"("ordinal");

-- CreateIndex
CREATE UNIQUE INDEX "AzureRole_abbreviation_key" ON "AzureRole"("abbreviation");

-- CreateIndex
CREATE UNIQUE INDEX "AzureRole_roleDefinitionId_key" ON "AzureRole"("roleDefinitionId");

-- CreateIndex
CREATE UNIQUE INDEX "RbacMatrixCell_environmentClass_personaId_resourceTypeId_key" ON "RbacMatrixCell"("environmentClass", "personaId", "resourceTypeId");

-- CreateIndex
CREATE INDEX "PersonaAssignment_userId_revokedAt_idx" ON "PersonaAssignment"("userId", "revokedAt");

-- CreateIndex
CREATE INDEX "PersonaAssignment_groupId_revokedAt_idx" ON "PersonaAssignment"("groupId", "revokedAt");

-- CreateIndex
CREATE INDEX "PersonaAssignment_serviceIdentityId_revokedAt_idx" ON "PersonaAssignment"("serviceIdentityId", "revokedAt");

-- CreateIndex
CREATE INDEX "PersonaAssignment_projectId_personaId_idx" ON "PersonaAssignment"("projectId", "personaId");

-- CreateIndex
CREATE INDEX "PersonaAssignment_personaId_projectId_idx" ON "PersonaAssignment"("personaId", "projectId");

-- CreateIndex
CREATE INDEX "AuditEvent_projectId_occurredAt_idx" ON "AuditEvent"("projectId", "occurredAt" DESC);

-- CreateIndex
CREATE INDEX "AuditEvent_targetType_targetId_occurredAt_idx" ON "AuditEvent"("targetType", "targetId", "occurredAt" DESC);

-- CreateIndex
CREATE INDEX "AuditEvent_occurredAt_idx" ON "AuditEvent"("occurredAt" DESC);

-- CreateIndex
CREATE INDEX "AuditEvent_action_occurredAt_idx" ON "AuditEvent"("action", "occurredAt" DESC);

-- AddForeignKey
ALTER TABLE "Implementation" ADD CONSTRAINT "Implementation_businessOwnerId_fkey" FOREIGN KEY ("businessOwnerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Project" ADD CONSTRAINT "Project_implementationId_fkey" FOREIGN KEY ("implementationId") REFERENCES "Implementation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Project" ADD CONSTRAINT "Project_projectLeadId_fkey" FOREIGN KEY ("projectLeadId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Project" ADD CONSTRAINT "Project_businessOwnerId_fkey" FOREIGN KEY ("businessOwnerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Workspace" ADD CONSTRAINT "Workspace_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Workspace" ADD CONSTRAINT "Workspace_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Workspace" ADD CONSTRAINT "Workspace_implementationId_fkey" FOREIGN KEY ("implementationId") REFERENCES "Implementation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Model" ADD CONSTRAINT "Model_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelVersion" ADD CONSTRAINT "ModelVersion_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelVersion" ADD CONSTRAINT "ModelVersion_registeredById_fkey" FOREIGN KEY ("registeredById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deployment" ADD CONSTRAINT "Deployment_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deployment" ADD CONSTRAINT "Deployment_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deployment" ADD CONSTRAINT "Deployment_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deployment" ADD CONSTRAINT "Deployment_modelVersionId_fkey" FOREIGN KEY ("modelVersionId") REFERENCES "ModelVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Group" ADD CONSTRAINT "Group_personaId_fkey" FOREIGN KEY ("personaId") REFERENCES "Persona"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Group" ADD CONSTRAINT "Group_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupMember" ADD CONSTRAINT "GroupMember_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupMember" ADD CONSTRAINT "GroupMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RbacMatrixCell" ADD CONSTRAINT "RbacMatrixCell_personaId_fkey" FOREIGN KEY ("personaId") REFERENCES "Persona"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RbacMatrixCell" ADD CONSTRAINT "RbacMatrixCell_resourceTypeId_fkey" FOREIGN KEY ("resourceTypeId") REFERENCES "ResourceType"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RbacMatrixCellRole" ADD CONSTRAINT "RbacMatrixCellRole_cellId_fkey" FOREIGN KEY ("cellId") REFERENCES "RbacMatrixCell"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RbacMatrixCellRole" ADD CONSTRAINT "RbacMatrixCellRole_roleId_fkey" FOREIGN KEY ("roleId") REFERENCES "AzureRole"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PersonaAssignment" ADD CONSTRAINT "PersonaAssignment_personaId_fkey" FOREIGN KEY ("personaId") REFERENCES "Persona"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PersonaAssignment" ADD CONSTRAINT "PersonaAssignment_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PersonaAssignment" ADD CONSTRAINT "PersonaAssignment_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PersonaAssignment" ADD CONSTRAINT "PersonaAssignment_serviceIdentityId_fkey" FOREIGN KEY ("serviceIdentityId") REFERENCES "ServiceIdentity"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PersonaAssignment" ADD CONSTRAINT "PersonaAssignment_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PersonaAssignment" ADD CONSTRAINT "PersonaAssignment_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment"("id") ON DELETE SET NULL ON UPDATE CASCADE;
-- The audit trail is append-only: refuse UPDATE, DELETE and TRUNCATE on it at the database level.
CREATE FUNCTION "audit_event_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'AuditEvent is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "AuditEvent_no_update_delete" BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION "audit_event_append_only"();

CREATE TRIGGER "AuditEvent_no_truncate" BEFORE TRUNCATE ON "AuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_event_append_only"();
