-- CreateEnum
CREATE TYPE "PackageExceptionStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED', 'CANCELLED', 'EXPIRED');

-- CreateEnum
CREATE TYPE "ContainerScanOutcome" AS ENUM ('PASSED', 'FAILED');

-- CreateTable
CREATE TABLE "PackageSource" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "ecosystem" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "safeListed" BOOLEAN NOT NULL DEFAULT false,
    "ordinal" INTEGER NOT NULL,

    CONSTRAINT "PackageSource_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PackageException" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "packageName" TEXT NOT NULL,
    "versionSpec" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "licence" TEXT NOT NULL,
    "justification" TEXT NOT NULL,
    "environments" "EnvironmentKey"[],
    "scan" JSONB,
    "validityDays" INTEGER NOT NULL,
    "rules" JSONB NOT NULL,
    "status" "PackageExceptionStatus" NOT NULL DEFAULT 'PENDING',
    "requestedByUserId" UUID,
    "requesterLabel" TEXT NOT NULL,
    "openSlot" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "decidedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),
    "closedReason" TEXT,

    CONSTRAINT "PackageException_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PackageExceptionDecision" (
    "id" UUID NOT NULL,
    "exceptionId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "kind" "DecisionKind" NOT NULL,
    "slot" TEXT NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "reason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PackageExceptionDecision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContainerScanReport" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "environment" "EnvironmentKey" NOT NULL,
    "image" TEXT NOT NULL,
    "tool" TEXT NOT NULL,
    "outcome" "ContainerScanOutcome" NOT NULL,
    "critical" INTEGER NOT NULL,
    "high" INTEGER NOT NULL,
    "medium" INTEGER NOT NULL DEFAULT 0,
    "low" INTEGER NOT NULL DEFAULT 0,
    "findings" JSONB NOT NULL DEFAULT '[]',
    "reason" TEXT NOT NULL,
    "runId" TEXT,
    "reportedBy" TEXT NOT NULL,
    "reportedByKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ContainerScanReport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PackageSource_key_key" ON "PackageSource"("key");

-- CreateIndex
CREATE UNIQUE INDEX "PackageException_openSlot_key" ON "PackageException"("openSlot");

-- CreateIndex
CREATE INDEX "PackageException_projectId_status_createdAt_idx" ON "PackageException"("projectId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "PackageException_status_createdAt_idx" ON "PackageException"("status", "createdAt");

-- CreateIndex
CREATE INDEX "PackageException_status_expiresAt_idx" ON "PackageException"("status", "expiresAt");

-- CreateIndex
CREATE INDEX "PackageException_projectId_packageName_source_idx" ON "PackageException"("projectId", "packageName", "source");

-- CreateIndex
CREATE INDEX "PackageException_requestedByUserId_createdAt_idx" ON "PackageException"("requestedByUserId", "createdAt");

-- CreateIndex
CREATE INDEX "PackageExceptionDecision_userId_createdAt_idx" ON "PackageExceptionDecision"("userId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "PackageExceptionDecision_exceptionId_userId_key" ON "PackageExceptionDecision"("exceptionId", "userId");

-- CreateIndex
CREATE INDEX "ContainerScanReport_projectId_createdAt_idx" ON "ContainerScanReport"("projectId", "createdAt");

-- AddForeignKey
ALTER TABLE "PackageException" ADD CONSTRAINT "PackageException_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PackageException" ADD CONSTRAINT "PackageException_requestedByUserId_fkey" FOREIGN KEY ("requestedByUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PackageExceptionDecision" ADD CONSTRAINT "PackageExceptionDecision_exceptionId_fkey" FOREIGN KEY ("exceptionId") REFERENCES "PackageException"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PackageExceptionDecision" ADD CONSTRAINT "PackageExceptionDecision_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContainerScanReport" ADD CONSTRAINT "ContainerScanReport_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
