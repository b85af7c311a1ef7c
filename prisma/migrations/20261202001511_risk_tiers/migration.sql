-- CreateEnum
CREATE TYPE "RiskTier" AS ENUM ('MINIMAL', 'LIMITED', 'HIGH');

-- CreateEnum
CREATE TYPE "RevalidationStatus" AS ENUM ('OPEN', 'ATTESTED', 'ITERATION_REQUESTED', 'CANCELLED');

-- AlterTable
ALTER TABLE "JitApproval" ADD COLUMN     "riskPolicyVersion" INTEGER,
ADD COLUMN     "riskTier" "RiskTier";

-- AlterTable
ALTER TABLE "JitRequest" ADD COLUMN     "riskPolicyVersion" INTEGER,
ADD COLUMN     "riskTier" "RiskTier";

-- AlterTable
ALTER TABLE "PromotionDecision" ADD COLUMN     "riskPolicyVersion" INTEGER,
ADD COLUMN     "riskTier" "RiskTier";

-- CreateTable
CREATE TABLE "RiskPolicyVersion" (
    "id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "document" JSONB NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RiskPolicyVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RiskClassification" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "answers" JSONB NOT NULL,
    "tier" "RiskTier" NOT NULL,
    "firedRule" TEXT,
    "riskPolicyVersion" INTEGER NOT NULL,
    "prohibited" BOOLEAN NOT NULL DEFAULT false,
    "note" TEXT NOT NULL DEFAULT '',
    "createdById" UUID,
    "createdByLabel" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acceptedAt" TIMESTAMP(3),

    CONSTRAINT "RiskClassification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RiskAcceptance" (
    "id" UUID NOT NULL,
    "classificationId" UUID NOT NULL,
    "role" "RaciAcceptanceRole" NOT NULL,
    "userId" UUID NOT NULL,
    "userLabel" TEXT NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "acceptedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RiskAcceptance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Revalidation" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "modelVersionId" UUID NOT NULL,
    "status" "RevalidationStatus" NOT NULL DEFAULT 'OPEN',
    "riskTier" "RiskTier" NOT NULL,
    "riskPolicyVersion" INTEGER NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "graceEndsAt" TIMESTAMP(3) NOT NULL,
    "openSlot" TEXT,
    "overdueFlaggedAt" TIMESTAMP(3),
    "retirementProposedAt" TIMESTAMP(3),
    "decidedById" UUID,
    "decidedByLabel" TEXT,
    "decidedAt" TIMESTAMP(3),
    "comment" TEXT,
    "evidenceHash" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Revalidation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RiskPolicyVersion_version_key" ON "RiskPolicyVersion"("version");

-- CreateIndex
CREATE INDEX "RiskClassification_projectId_acceptedAt_idx" ON "RiskClassification"("projectId", "acceptedAt");

-- CreateIndex
CREATE UNIQUE INDEX "RiskClassification_projectId_version_key" ON "RiskClassification"("projectId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "RiskAcceptance_classificationId_role_key" ON "RiskAcceptance"("classificationId", "role");

-- CreateIndex
CREATE UNIQUE INDEX "RiskAcceptance_classificationId_userId_key" ON "RiskAcceptance"("classificationId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "Revalidation_openSlot_key" ON "Revalidation"("openSlot");

-- CreateIndex
CREATE INDEX "Revalidation_status_dueAt_idx" ON "Revalidation"("status", "dueAt");

-- CreateIndex
CREATE INDEX "Revalidation_projectId_status_idx" ON "Revalidation"("projectId", "status");

-- CreateIndex
CREATE INDEX "Revalidation_modelVersionId_createdAt_idx" ON "Revalidation"("modelVersionId", "createdAt");

-- AddForeignKey
ALTER TABLE "RiskClassification" ADD CONSTRAINT "RiskClassification_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RiskAcceptance" ADD CONSTRAINT "RiskAcceptance_classificationId_fkey" FOREIGN KEY ("classificationId") REFERENCES "RiskClassification"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Revalidation" ADD CONSTRAINT "Revalidation_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Revalidation" ADD CONSTRAINT "Revalidation_modelVersionId_fkey" FOREIGN KEY ("modelVersionId") REFERENCES "ModelVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
