-- CreateEnum
CREATE TYPE "JitSubjectKind" AS ENUM ('PERSONA', 'USER', 'GROUP');

-- CreateEnum
CREATE TYPE "JitApproverRole" AS ENUM ('PROJECT_LEAD', 'PLATFORM_LEAD');

-- CreateEnum
CREATE TYPE "JitRequestKind" AS ENUM ('ACCESS', 'EXTENSION', 'BREAK_GLASS');

-- CreateEnum
CREATE TYPE "JitRequestStatus" AS ENUM ('PENDING', 'APPROVED', 'ACTIVE', 'ENDED', 'REVOKED', 'REJECTED', 'CANCELLED', 'EXPIRED');

-- CreateEnum
CREATE TYPE "JitAzureOpKind" AS ENUM ('ASSIGN', 'EXTEND', 'REMOVE');

-- CreateEnum
CREATE TYPE "JitAzureOpStatus" AS ENUM ('PENDING', 'DONE', 'FAILED');

-- CreateTable
CREATE TABLE "AzureResource" (
    "id" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "resourceTypeId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "armScope" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AzureResource_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JitEligibilityRule" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "subjectKind" "JitSubjectKind" NOT NULL,
    "subjectPersona" TEXT,
    "subjectUserId" UUID,
    "subjectGroupId" UUID,
    "ownProjectOnly" BOOLEAN NOT NULL DEFAULT false,
    "environments" "EnvironmentKey"[],
    "maxDurationMinutes" INTEGER NOT NULL,
    "ticketRequired" BOOLEAN NOT NULL DEFAULT false,
    "approvalsRequired" INTEGER NOT NULL DEFAULT 1,
    "approverRoles" "JitApproverRole"[],
    "stepUpRequired" BOOLEAN NOT NULL DEFAULT true,
    "breakGlass" BOOLEAN NOT NULL DEFAULT false,
    "pendingExpiryMinutes" INTEGER NOT NULL DEFAULT 480,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "JitEligibilityRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JitEligibilityRole" (
    "ruleId" UUID NOT NULL,
    "resourceTypeId" UUID NOT NULL,
    "roleId" UUID NOT NULL,

    CONSTRAINT "JitEligibilityRole_pkey" PRIMARY KEY ("ruleId","resourceTypeId","roleId")
);

-- CreateTable
CREATE TABLE "JitRequest" (
    "id" UUID NOT NULL,
    "kind" "JitRequestKind" NOT NULL DEFAULT 'ACCESS',
    "status" "JitRequestStatus" NOT NULL DEFAULT 'PENDING',
    "ruleId" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "environmentId" UUID NOT NULL,
    "requesterId" UUID NOT NULL,
    "justification" TEXT NOT NULL,
    "ticket" TEXT,
    "incidentReference" TEXT,
    "durationSeconds" INTEGER NOT NULL,
    "startAt" TIMESTAMP(3) NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "activateBy" TIMESTAMP(3),
    "approvalsRequired" INTEGER NOT NULL,
    "approverRoles" "JitApproverRole"[],
    "stepUpRequired" BOOLEAN NOT NULL,
    "parentId" UUID,
    "decidedAt" TIMESTAMP(3),
    "activatedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),
    "expiryNoticeAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "endedByLabel" TEXT,
    "closedReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "JitRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JitRequestItem" (
    "id" UUID NOT NULL,
    "requestId" UUID NOT NULL,
    "resourceId" UUID NOT NULL,
    "roleId" UUID NOT NULL,

    CONSTRAINT "JitRequestItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JitApproval" (
    "id" UUID NOT NULL,
    "requestId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "decision" "DecisionKind" NOT NULL,
    "approverRole" "JitApproverRole" NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "reason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JitApproval_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JitAzureOperation" (
    "id" UUID NOT NULL,
    "requestId" UUID NOT NULL,
    "itemId" UUID NOT NULL,
    "kind" "JitAzureOpKind" NOT NULL,
    "status" "JitAzureOpStatus" NOT NULL DEFAULT 'PENDING',
    "scope" TEXT NOT NULL,
    "principalId" TEXT NOT NULL,
    "roleDefinitionId" TEXT NOT NULL,
    "scheduleRequestName" UUID NOT NULL,
    "startsAt" TIMESTAMP(3),
    "endsAt" TIMESTAMP(3),
    "justification" TEXT NOT NULL DEFAULT '',
    "ticket" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "outcome" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "JitAzureOperation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JitIncident" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "requestId" UUID NOT NULL,
    "operationId" UUID,
    "projectId" UUID NOT NULL,
    "summary" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '',
    "openedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),
    "resolvedBy" TEXT,
    "resolution" TEXT,

    CONSTRAINT "JitIncident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JitReview" (
    "id" UUID NOT NULL,
    "requestId" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "reviewerId" UUID,
    "outcome" TEXT,
    "notes" TEXT NOT NULL DEFAULT '',
    "completedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JitReview_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AzureResource_externalId_key" ON "AzureResource"("externalId");

-- CreateIndex
CREATE UNIQUE INDEX "AzureResource_workspaceId_resourceTypeId_key" ON "AzureResource"("workspaceId", "resourceTypeId");

-- CreateIndex
CREATE UNIQUE INDEX "JitEligibilityRule_key_key" ON "JitEligibilityRule"("key");

-- CreateIndex
CREATE INDEX "JitEligibilityRule_active_subjectKind_idx" ON "JitEligibilityRule"("active", "subjectKind");

-- CreateIndex
CREATE INDEX "JitRequest_status_dueAt_idx" ON "JitRequest"("status", "dueAt");

-- CreateIndex
CREATE INDEX "JitRequest_status_activateBy_idx" ON "JitRequest"("status", "activateBy");

-- CreateIndex
CREATE INDEX "JitRequest_status_expiresAt_idx" ON "JitRequest"("status", "expiresAt");

-- CreateIndex
CREATE INDEX "JitRequest_requesterId_status_expiresAt_idx" ON "JitRequest"("requesterId", "status", "expiresAt");

-- CreateIndex
CREATE INDEX "JitRequest_requesterId_createdAt_idx" ON "JitRequest"("requesterId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "JitRequest_projectId_status_createdAt_idx" ON "JitRequest"("projectId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "JitRequest_parentId_status_idx" ON "JitRequest"("parentId", "status");

-- CreateIndex
CREATE INDEX "JitRequestItem_resourceId_roleId_idx" ON "JitRequestItem"("resourceId", "roleId");

-- CreateIndex
CREATE UNIQUE INDEX "JitRequestItem_requestId_resourceId_roleId_key" ON "JitRequestItem"("requestId", "resourceId", "roleId");

-- CreateIndex
CREATE INDEX "JitApproval_userId_createdAt_idx" ON "JitApproval"("userId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "JitApproval_requestId_userId_key" ON "JitApproval"("requestId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "JitAzureOperation_scheduleRequestName_key" ON "JitAzureOperation"("scheduleRequestName");

-- CreateIndex
CREATE INDEX "JitAzureOperation_status_nextAttemptAt_idx" ON "JitAzureOperation"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "JitAzureOperation_principalId_roleDefinitionId_scope_status_idx" ON "JitAzureOperation"("principalId", "roleDefinitionId", "scope", "status");

-- CreateIndex
CREATE INDEX "JitAzureOperation_requestId_idx" ON "JitAzureOperation"("requestId");

-- CreateIndex
CREATE INDEX "JitAzureOperation_itemId_idx" ON "JitAzureOperation"("itemId");

-- CreateIndex
CREATE INDEX "JitIncident_resolvedAt_openedAt_idx" ON "JitIncident"("resolvedAt", "openedAt");

-- CreateIndex
CREATE INDEX "JitIncident_projectId_resolvedAt_idx" ON "JitIncident"("projectId", "resolvedAt");

-- CreateIndex
CREATE INDEX "JitIncident_operationId_idx" ON "JitIncident"("operationId");

-- CreateIndex
CREATE UNIQUE INDEX "JitReview_requestId_key" ON "JitReview"("requestId");

-- CreateIndex
CREATE INDEX "JitReview_completedAt_dueAt_idx" ON "JitReview"("completedAt", "dueAt");

-- CreateIndex
CREATE INDEX "JitReview_projectId_completedAt_idx" ON "JitReview"("projectId", "completedAt");

-- CreateIndex
CREATE INDEX "AuditEvent_projectId_targetType_occurredAt_idx" ON "AuditEvent"("projectId", "targetType", "occurredAt" DESC);

-- AddForeignKey
ALTER TABLE "AzureResource" ADD CONSTRAINT "AzureResource_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AzureResource" ADD CONSTRAINT "AzureResource_resourceTypeId_fkey" FOREIGN KEY ("resourceTypeId") REFERENCES "ResourceType"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JitEligibilityRole" ADD CONSTRAINT "JitEligibilityRole_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "JitEligibilityRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JitEligibilityRole" ADD CONSTRAINT "JitEligibilityRole_resourceTypeId_fkey" FOREIGN KEY ("resourceTypeId") REFERENCES "ResourceType"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JitEligibilityRole" ADD CONSTRAINT "JitEligibilityRole_roleId_fkey" FOREIGN KEY ("roleId") REFERENCES "AzureRole"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JitRequest" ADD CONSTRAINT "JitRequest_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "JitEligibilityRule"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JitRequest" ADD CONSTRAINT "JitRequest_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JitRequest" ADD CONSTRAINT "JitRequest_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JitRequest" ADD CONSTRAINT "JitRequest_requesterId_fkey" FOREIGN KEY ("requesterId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JitRequest" ADD CONSTRAINT "JitRequest_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "JitRequest"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JitRequestItem" ADD CONSTRAINT "JitRequestItem_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "JitRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JitRequestItem" ADD CONSTRAINT "JitRequestItem_resourceId_fkey" FOREIGN KEY ("resourceId") REFERENCES "AzureResource"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JitRequestItem" ADD CONSTRAINT "JitRequestItem_roleId_fkey" FOREIGN KEY ("roleId") REFERENCES "AzureRole"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JitApproval" ADD CONSTRAINT "JitApproval_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "JitRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JitApproval" ADD CONSTRAINT "JitApproval_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JitAzureOperation" ADD CONSTRAINT "JitAzureOperation_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "JitRequest"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JitAzureOperation" ADD CONSTRAINT "JitAzureOperation_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "JitRequestItem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JitIncident" ADD CONSTRAINT "JitIncident_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "JitRequest"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JitIncident" ADD CONSTRAINT "JitIncident_operationId_fkey" FOREIGN KEY ("operationId") REFERENCES "JitAzureOperation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JitReview" ADD CONSTRAINT "JitReview_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "JitRequest"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JitReview" ADD CONSTRAINT "JitReview_reviewerId_fkey" FOREIGN KEY ("reviewerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
