-- CreateEnum
CREATE TYPE "SignalKind" AS ENUM ('DATA_DRIFT', 'PREDICTION_DRIFT', 'REQUESTS_PER_MINUTE', 'THROTTLING_DELAY', 'ERROR_RATE', 'BUDGET', 'WORKSPACE_STALENESS', 'CUSTOM_RBAC', 'DEV_ONGOING_SERVICE');

-- CreateEnum
CREATE TYPE "SignalStatus" AS ENUM ('UNKNOWN', 'OK', 'WARN', 'BREACH');

-- CreateEnum
CREATE TYPE "SignalProposalKind" AS ENUM ('ITERATION', 'RETIREMENT', 'ACCESS_REVIEW', 'PRODUCTIONISE');

-- CreateEnum
CREATE TYPE "SignalProposalStatus" AS ENUM ('OPEN', 'ACCEPTED', 'DISMISSED');

-- CreateTable
CREATE TABLE "MonitoringSignal" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "kind" "SignalKind" NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "environmentKey" "EnvironmentKey",
    "resourceId" TEXT NOT NULL DEFAULT '',
    "region" TEXT NOT NULL DEFAULT '',
    "thresholds" JSONB NOT NULL,
    "unit" TEXT NOT NULL,
    "status" "SignalStatus" NOT NULL DEFAULT 'UNKNOWN',
    "lastValue" DOUBLE PRECISION,
    "lastSampledAt" TIMESTAMP(3),
    "statusSince" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MonitoringSignal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MonitoringSample" (
    "signalId" UUID NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "status" "SignalStatus" NOT NULL,

    CONSTRAINT "MonitoringSample_pkey" PRIMARY KEY ("signalId","at")
);

-- CreateTable
CREATE TABLE "SignalProposal" (
    "id" UUID NOT NULL,
    "signalId" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "kind" "SignalProposalKind" NOT NULL,
    "audience" TEXT NOT NULL,
    "breachSince" TIMESTAMP(3) NOT NULL,
    "summary" TEXT NOT NULL,
    "status" "SignalProposalStatus" NOT NULL DEFAULT 'OPEN',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMP(3),
    "decidedById" UUID,
    "decidedByLabel" TEXT,
    "decisionReason" TEXT,
    "accessReviewId" UUID,

    CONSTRAINT "SignalProposal_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MonitoringSignal_projectId_status_idx" ON "MonitoringSignal"("projectId", "status");

-- CreateIndex
CREATE INDEX "MonitoringSignal_status_lastSampledAt_idx" ON "MonitoringSignal"("status", "lastSampledAt");

-- CreateIndex
CREATE UNIQUE INDEX "MonitoringSignal_projectId_kind_subject_key" ON "MonitoringSignal"("projectId", "kind", "subject");

-- CreateIndex
CREATE INDEX "SignalProposal_projectId_status_createdAt_idx" ON "SignalProposal"("projectId", "status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "SignalProposal_signalId_kind_breachSince_key" ON "SignalProposal"("signalId", "kind", "breachSince");

-- AddForeignKey
ALTER TABLE "MonitoringSignal" ADD CONSTRAINT "MonitoringSignal_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MonitoringSample" ADD CONSTRAINT "MonitoringSample_signalId_fkey" FOREIGN KEY ("signalId") REFERENCES "MonitoringSignal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SignalProposal" ADD CONSTRAINT "SignalProposal_signalId_fkey" FOREIGN KEY ("signalId") REFERENCES "MonitoringSignal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SignalProposal" ADD CONSTRAINT "SignalProposal_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
