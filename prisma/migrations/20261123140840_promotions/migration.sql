-- CreateEnum
CREATE TYPE "PromotionStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED', 'CANCELLED', 'EXPIRED', 'DEPLOYED', 'DEPLOY_FAILED');

-- CreateEnum
CREATE TYPE "DecisionKind" AS ENUM ('APPROVE', 'REJECT');

-- AlterTable
ALTER TABLE "Deployment" ADD COLUMN     "promotionRequestId" UUID;

-- CreateTable
CREATE TABLE "PromotionPolicy" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "targetEnvironment" "EnvironmentKey" NOT NULL,
    "projectId" UUID,
    "version" INTEGER NOT NULL,
    "rules" JSONB NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT NOT NULL,

    CONSTRAINT "PromotionPolicy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PromotionRequest" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "modelVersionId" UUID NOT NULL,
    "fromEnvironment" "EnvironmentKey" NOT NULL,
    "targetEnvironment" "EnvironmentKey" NOT NULL,
    "status" "PromotionStatus" NOT NULL DEFAULT 'PENDING',
    "policyId" UUID NOT NULL,
    "requestedByUserId" UUID,
    "requestedByServiceId" UUID,
    "requesterLabel" TEXT NOT NULL,
    "requesterKey" TEXT NOT NULL,
    "idempotencyKey" TEXT,
    "idempotencyHash" TEXT,
    "evidence" JSONB NOT NULL,
    "evidenceHash" TEXT NOT NULL,
    "evidenceVersion" INTEGER NOT NULL DEFAULT 1,
    "openSlot" TEXT,
    "rollbackOfRequestId" UUID,
    "callbackUrl" TEXT,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "decidedAt" TIMESTAMP(3),
    "closedReason" TEXT,
    "deployedAt" TIMESTAMP(3),
    "deploymentLog" TEXT,

    CONSTRAINT "PromotionRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PromotionDecision" (
    "id" UUID NOT NULL,
    "requestId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "kind" "DecisionKind" NOT NULL,
    "persona" TEXT NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "reason" TEXT,
    "evidenceHash" TEXT NOT NULL,
    "evidenceVersion" INTEGER NOT NULL,
    "policyId" UUID NOT NULL,
    "policyVersion" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "supersededAt" TIMESTAMP(3),

    CONSTRAINT "PromotionDecision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" UUID NOT NULL,
    "channel" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "availableAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "sentAt" TIMESTAMP(3),
    "failedAt" TIMESTAMP(3),

    CONSTRAINT "OutboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "link" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" TIMESTAMP(3),

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PromotionPolicy_targetEnvironment_projectId_active_idx" ON "PromotionPolicy"("targetEnvironment", "projectId", "active");

-- CreateIndex
CREATE UNIQUE INDEX "PromotionPolicy_targetEnvironment_projectId_version_key" ON "PromotionPolicy"("targetEnvironment", "projectId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "PromotionRequest_openSlot_key" ON "PromotionRequest"("openSlot");

-- CreateIndex
CREATE INDEX "PromotionRequest_status_projectId_createdAt_idx" ON "PromotionRequest"("status", "projectId", "createdAt");

-- CreateIndex
CREATE INDEX "PromotionRequest_projectId_targetEnvironment_status_idx" ON "PromotionRequest"("projectId", "targetEnvironment", "status");

-- CreateIndex
CREATE INDEX "PromotionRequest_status_dueAt_idx" ON "PromotionRequest"("status", "dueAt");

-- CreateIndex
CREATE INDEX "PromotionRequest_modelVersionId_idx" ON "PromotionRequest"("modelVersionId");

-- CreateIndex
CREATE UNIQUE INDEX "PromotionRequest_requesterKey_idempotencyKey_key" ON "PromotionRequest"("requesterKey", "idempotencyKey");

-- CreateIndex
CREATE INDEX "PromotionDecision_userId_createdAt_idx" ON "PromotionDecision"("userId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "PromotionDecision_requestId_userId_evidenceVersion_key" ON "PromotionDecision"("requestId", "userId", "evidenceVersion");

-- CreateIndex
CREATE INDEX "OutboxMessage_sentAt_failedAt_availableAt_idx" ON "OutboxMessage"("sentAt", "failedAt", "availableAt");

-- CreateIndex
CREATE INDEX "Notification_userId_readAt_createdAt_idx" ON "Notification"("userId", "readAt", "createdAt");

-- AddForeignKey
ALTER TABLE "Deployment" ADD CONSTRAINT "Deployment_promotionRequestId_fkey" FOREIGN KEY ("promotionRequestId") REFERENCES "PromotionRequest"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PromotionPolicy" ADD CONSTRAINT "PromotionPolicy_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PromotionRequest" ADD CONSTRAINT "PromotionRequest_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PromotionRequest" ADD CONSTRAINT "PromotionRequest_modelVersionId_fkey" FOREIGN KEY ("modelVersionId") REFERENCES "ModelVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PromotionRequest" ADD CONSTRAINT "PromotionRequest_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "PromotionPolicy"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PromotionRequest" ADD CONSTRAINT "PromotionRequest_requestedByUserId_fkey" FOREIGN KEY ("requestedByUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PromotionRequest" ADD CONSTRAINT "PromotionRequest_requestedByServiceId_fkey" FOREIGN KEY ("requestedByServiceId") REFERENCES "ServiceIdentity"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PromotionDecision" ADD CONSTRAINT "PromotionDecision_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "PromotionRequest"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PromotionDecision" ADD CONSTRAINT "PromotionDecision_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
