-- CreateEnum
CREATE TYPE "RoleAssignmentSource" AS ENUM ('PORTAL', 'AZURE');

-- CreateEnum
CREATE TYPE "RaciAcceptanceRole" AS ENUM ('PROJECT_LEAD', 'BUSINESS_OWNER');

-- CreateEnum
CREATE TYPE "AccessReviewStatus" AS ENUM ('SCHEDULED', 'OPEN', 'COMPLETED', 'APPLIED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "AccessReviewScope" AS ENUM ('ALL_STANDING', 'PRODUCTION', 'PERSONA');

-- CreateEnum
CREATE TYPE "AccessReviewRecurrence" AS ENUM ('NONE', 'MONTHLY', 'QUARTERLY', 'YEARLY');

-- CreateEnum
CREATE TYPE "AccessReviewDefault" AS ENUM ('NO_CHANGE', 'REMOVE');

-- CreateEnum
CREATE TYPE "AccessReviewDecision" AS ENUM ('APPROVE', 'REVOKE');

-- CreateEnum
CREATE TYPE "RemovalStatus" AS ENUM ('NOT_REQUIRED', 'PENDING', 'RETRYING', 'CONFIRMED', 'TASK');

-- CreateTable
CREATE TABLE "RoleAssignment" (
    "id" UUID NOT NULL,
    "implementationId" UUID NOT NULL,
    "projectId" UUID,
    "environmentId" UUID NOT NULL,
    "resourceTypeId" UUID NOT NULL,
    "scope" TEXT NOT NULL,
    "principalType" "PrincipalType" NOT NULL,
    "userId" UUID,
    "groupId" UUID,
    "serviceIdentityId" UUID,
    "viaGroupId" UUID,
    "principalObjectId" TEXT NOT NULL,
    "principalName" TEXT NOT NULL,
    "roleAbbreviation" TEXT,
    "roleName" TEXT NOT NULL,
    "isCustom" BOOLEAN NOT NULL DEFAULT false,
    "roleDefinitionGuid" TEXT,
    "source" "RoleAssignmentSource" NOT NULL DEFAULT 'PORTAL',
    "azureRoleAssignmentId" TEXT,
    "validFrom" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "validUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" UUID,
    "endedAt" TIMESTAMP(3),
    "endedReason" TEXT,
    "lastSeenInAzureAt" TIMESTAMP(3),

    CONSTRAINT "RoleAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RaciVersion" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "matrix" JSONB NOT NULL,
    "template" TEXT,
    "note" TEXT NOT NULL DEFAULT '',
    "createdById" UUID,
    "createdByLabel" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RaciVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RaciAcceptance" (
    "id" UUID NOT NULL,
    "raciVersionId" UUID NOT NULL,
    "role" "RaciAcceptanceRole" NOT NULL,
    "userId" UUID NOT NULL,
    "userLabel" TEXT NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "acceptedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RaciAcceptance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AccessReview" (
    "id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "projectId" UUID,
    "implementationId" UUID NOT NULL,
    "scope" "AccessReviewScope" NOT NULL,
    "scopePersona" TEXT,
    "reviewerIds" UUID[],
    "fallbackReviewerId" UUID,
    "durationDays" INTEGER NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "recurrence" "AccessReviewRecurrence" NOT NULL DEFAULT 'NONE',
    "defaultDecision" "AccessReviewDefault" NOT NULL DEFAULT 'NO_CHANGE',
    "autoApply" BOOLEAN NOT NULL DEFAULT false,
    "allowSelfReview" BOOLEAN NOT NULL DEFAULT false,
    "status" "AccessReviewStatus" NOT NULL DEFAULT 'OPEN',
    "startsAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "startedById" UUID,
    "startedByLabel" TEXT NOT NULL,
    "completedAt" TIMESTAMP(3),
    "completedByLabel" TEXT,
    "applyRequestedAt" TIMESTAMP(3),
    "appliedAt" TIMESTAMP(3),
    "remindersSent" INTEGER NOT NULL DEFAULT 0,
    "seriesId" UUID,
    "previousReviewId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AccessReview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AccessReviewItem" (
    "id" UUID NOT NULL,
    "reviewId" UUID NOT NULL,
    "roleAssignmentId" UUID NOT NULL,
    "projectId" UUID,
    "subjectUserId" UUID,
    "principalType" "PrincipalType" NOT NULL,
    "principalLabel" TEXT NOT NULL,
    "roleName" TEXT NOT NULL,
    "resourceTypeKey" TEXT NOT NULL,
    "environmentKey" "EnvironmentKey" NOT NULL,
    "snapshot" JSONB NOT NULL,
    "recommendation" TEXT,
    "decision" "AccessReviewDecision",
    "decidedBy" TEXT,
    "decidedById" UUID,
    "decidedByLabel" TEXT,
    "decidedAt" TIMESTAMP(3),
    "justification" TEXT,
    "removalStatus" "RemovalStatus" NOT NULL DEFAULT 'NOT_REQUIRED',
    "removalAttempts" INTEGER NOT NULL DEFAULT 0,
    "removalNextAttemptAt" TIMESTAMP(3),
    "removalLastError" TEXT,
    "removalConfirmedAt" TIMESTAMP(3),
    "removalTask" TEXT,

    CONSTRAINT "AccessReviewItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DriftSnapshot" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "day" DATE NOT NULL,
    "assignments" INTEGER NOT NULL,
    "drifted" INTEGER NOT NULL,
    "notInMatrix" INTEGER NOT NULL,
    "standingWhereJit" INTEGER NOT NULL,
    "customRole" INTEGER NOT NULL,
    "holderLeft" INTEGER NOT NULL,
    "takenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DriftSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RoleAssignment_azureRoleAssignmentId_key" ON "RoleAssignment"("azureRoleAssignmentId");

-- CreateIndex
CREATE INDEX "RoleAssignment_projectId_environmentId_endedAt_idx" ON "RoleAssignment"("projectId", "environmentId", "endedAt");

-- CreateIndex
CREATE INDEX "RoleAssignment_implementationId_endedAt_idx" ON "RoleAssignment"("implementationId", "endedAt");

-- CreateIndex
CREATE INDEX "RoleAssignment_userId_endedAt_idx" ON "RoleAssignment"("userId", "endedAt");

-- CreateIndex
CREATE INDEX "RoleAssignment_groupId_endedAt_idx" ON "RoleAssignment"("groupId", "endedAt");

-- CreateIndex
CREATE INDEX "RoleAssignment_serviceIdentityId_endedAt_idx" ON "RoleAssignment"("serviceIdentityId", "endedAt");

-- CreateIndex
CREATE INDEX "RoleAssignment_endedAt_validUntil_idx" ON "RoleAssignment"("endedAt", "validUntil");

-- CreateIndex
CREATE UNIQUE INDEX "RaciVersion_projectId_version_key" ON "RaciVersion"("projectId", "version");

-- CreateIndex
CREATE INDEX "RaciAcceptance_userId_acceptedAt_idx" ON "RaciAcceptance"("userId", "acceptedAt");

-- CreateIndex
CREATE UNIQUE INDEX "RaciAcceptance_raciVersionId_role_key" ON "RaciAcceptance"("raciVersionId", "role");

-- CreateIndex
CREATE UNIQUE INDEX "RaciAcceptance_raciVersionId_userId_key" ON "RaciAcceptance"("raciVersionId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "AccessReview_previousReviewId_key" ON "AccessReview"("previousReviewId");

-- CreateIndex
CREATE INDEX "AccessReview_status_dueAt_idx" ON "AccessReview"("status", "dueAt");

-- CreateIndex
CREATE INDEX "AccessReview_status_startsAt_idx" ON "AccessReview"("status", "startsAt");

-- CreateIndex
CREATE INDEX "AccessReview_projectId_status_idx" ON "AccessReview"("projectId", "status");

-- CreateIndex
CREATE INDEX "AccessReview_implementationId_status_idx" ON "AccessReview"("implementationId", "status");

-- CreateIndex
CREATE INDEX "AccessReview_reviewerIds_idx" ON "AccessReview" USING GIN ("reviewerIds");

-- CreateIndex
CREATE INDEX "AccessReviewItem_reviewId_decision_idx" ON "AccessReviewItem"("reviewId", "decision");

-- CreateIndex
CREATE INDEX "AccessReviewItem_reviewId_principalLabel_idx" ON "AccessReviewItem"("reviewId", "principalLabel");

-- CreateIndex
CREATE INDEX "AccessReviewItem_removalStatus_removalNextAttemptAt_idx" ON "AccessReviewItem"("removalStatus", "removalNextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "AccessReviewItem_reviewId_roleAssignmentId_key" ON "AccessReviewItem"("reviewId", "roleAssignmentId");

-- CreateIndex
CREATE INDEX "DriftSnapshot_day_idx" ON "DriftSnapshot"("day");

-- CreateIndex
CREATE UNIQUE INDEX "DriftSnapshot_projectId_day_key" ON "DriftSnapshot"("projectId", "day");

-- AddForeignKey
ALTER TABLE "RoleAssignment" ADD CONSTRAINT "RoleAssignment_implementationId_fkey" FOREIGN KEY ("implementationId") REFERENCES "Implementation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleAssignment" ADD CONSTRAINT "RoleAssignment_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleAssignment" ADD CONSTRAINT "RoleAssignment_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleAssignment" ADD CONSTRAINT "RoleAssignment_resourceTypeId_fkey" FOREIGN KEY ("resourceTypeId") REFERENCES "ResourceType"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleAssignment" ADD CONSTRAINT "RoleAssignment_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleAssignment" ADD CONSTRAINT "RoleAssignment_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleAssignment" ADD CONSTRAINT "RoleAssignment_serviceIdentityId_fkey" FOREIGN KEY ("serviceIdentityId") REFERENCES "ServiceIdentity"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleAssignment" ADD CONSTRAINT "RoleAssignment_viaGroupId_fkey" FOREIGN KEY ("viaGroupId") REFERENCES "Group"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RaciVersion" ADD CONSTRAINT "RaciVersion_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RaciAcceptance" ADD CONSTRAINT "RaciAcceptance_raciVersionId_fkey" FOREIGN KEY ("raciVersionId") REFERENCES "RaciVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccessReview" ADD CONSTRAINT "AccessReview_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccessReview" ADD CONSTRAINT "AccessReview_implementationId_fkey" FOREIGN KEY ("implementationId") REFERENCES "Implementation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccessReviewItem" ADD CONSTRAINT "AccessReviewItem_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "AccessReview"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DriftSnapshot" ADD CONSTRAINT "DriftSnapshot_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
