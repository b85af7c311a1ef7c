-- CreateEnum
CREATE TYPE "WorkspaceConnectionStatus" AS ENUM ('LINKED', 'FAILED');

-- CreateEnum
CREATE TYPE "SyncRunStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED');

-- CreateEnum
CREATE TYPE "SyncTrigger" AS ENUM ('LINK', 'MANUAL', 'SCHEDULE');

-- CreateEnum
CREATE TYPE "WriteBackStatus" AS ENUM ('PENDING', 'SUCCEEDED', 'FAILED');

-- AlterTable
ALTER TABLE "Deployment" ADD COLUMN     "azureResourceId" TEXT,
ADD COLUMN     "governed" BOOLEAN,
ADD COLUMN     "lastSyncedAt" TIMESTAMP(3),
ADD COLUMN     "provisioningState" TEXT,
ADD COLUMN     "sourceFingerprint" TEXT;

-- AlterTable
ALTER TABLE "ModelVersion" ADD COLUMN     "deletedInSourceAt" TIMESTAMP(3),
ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "WorkspaceConnection" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "environmentId" UUID NOT NULL,
    "workspaceId" UUID,
    "subscriptionId" TEXT NOT NULL,
    "resourceGroup" TEXT NOT NULL,
    "workspaceName" TEXT NOT NULL,
    "azureResourceId" TEXT NOT NULL,
    "azureResourceKey" TEXT NOT NULL,
    "status" "WorkspaceConnectionStatus" NOT NULL,
    "statusMessage" TEXT,
    "lastValidatedAt" TIMESTAMP(3),
    "activeSyncRunId" UUID,
    "lastSyncRunId" UUID,
    "lastSyncStatus" "SyncRunStatus",
    "lastSyncedAt" TIMESTAMP(3),
    "lastSyncError" TEXT,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WorkspaceConnection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncRun" (
    "id" UUID NOT NULL,
    "connectionId" UUID NOT NULL,
    "trigger" "SyncTrigger" NOT NULL,
    "status" "SyncRunStatus" NOT NULL DEFAULT 'QUEUED',
    "requestedById" TEXT,
    "requestedByLabel" TEXT NOT NULL,
    "jobId" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "queuedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "heartbeatAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "phase" TEXT NOT NULL DEFAULT 'queued',
    "progress" INTEGER NOT NULL DEFAULT 0,
    "counts" JSONB NOT NULL DEFAULT '{}',
    "log" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "error" TEXT,

    CONSTRAINT "SyncRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AmlModelVersionSource" (
    "id" UUID NOT NULL,
    "connectionId" UUID NOT NULL,
    "modelVersionId" UUID NOT NULL,
    "modelName" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "azureResourceId" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "AmlModelVersionSource_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AmlWriteBack" (
    "id" UUID NOT NULL,
    "connectionId" UUID NOT NULL,
    "modelName" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "tags" JSONB NOT NULL,
    "status" "WriteBackStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "outcome" TEXT,
    "lastError" TEXT,
    "jobId" TEXT,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "AmlWriteBack_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "WorkspaceConnection_activeSyncRunId_key" ON "WorkspaceConnection"("activeSyncRunId");

-- CreateIndex
CREATE INDEX "WorkspaceConnection_status_id_idx" ON "WorkspaceConnection"("status", "id");

-- CreateIndex
CREATE INDEX "WorkspaceConnection_azureResourceKey_idx" ON "WorkspaceConnection"("azureResourceKey");

-- CreateIndex
CREATE UNIQUE INDEX "WorkspaceConnection_projectId_azureResourceKey_key" ON "WorkspaceConnection"("projectId", "azureResourceKey");

-- CreateIndex
CREATE INDEX "SyncRun_connectionId_queuedAt_idx" ON "SyncRun"("connectionId", "queuedAt" DESC);

-- CreateIndex
CREATE INDEX "SyncRun_status_queuedAt_idx" ON "SyncRun"("status", "queuedAt");

-- CreateIndex
CREATE INDEX "AmlModelVersionSource_modelVersionId_idx" ON "AmlModelVersionSource"("modelVersionId");

-- CreateIndex
CREATE UNIQUE INDEX "AmlModelVersionSource_connectionId_modelName_version_key" ON "AmlModelVersionSource"("connectionId", "modelName", "version");

-- CreateIndex
CREATE INDEX "AmlWriteBack_connectionId_modelName_version_requestedAt_idx" ON "AmlWriteBack"("connectionId", "modelName", "version", "requestedAt" DESC);

-- CreateIndex
CREATE INDEX "AmlWriteBack_status_requestedAt_idx" ON "AmlWriteBack"("status", "requestedAt");

-- CreateIndex
CREATE INDEX "Deployment_projectId_governed_status_idx" ON "Deployment"("projectId", "governed", "status");

-- CreateIndex
CREATE INDEX "Deployment_workspaceId_status_idx" ON "Deployment"("workspaceId", "status");

-- AddForeignKey
ALTER TABLE "WorkspaceConnection" ADD CONSTRAINT "WorkspaceConnection_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkspaceConnection" ADD CONSTRAINT "WorkspaceConnection_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkspaceConnection" ADD CONSTRAINT "WorkspaceConnection_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncRun" ADD CONSTRAINT "SyncRun_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "WorkspaceConnection"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AmlModelVersionSource" ADD CONSTRAINT "AmlModelVersionSource_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "WorkspaceConnection"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AmlModelVersionSource" ADD CONSTRAINT "AmlModelVersionSource_modelVersionId_fkey" FOREIGN KEY ("modelVersionId") REFERENCES "ModelVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AmlWriteBack" ADD CONSTRAINT "AmlWriteBack_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "WorkspaceConnection"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
