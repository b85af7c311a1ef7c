-- CreateEnum
CREATE TYPE "LifecycleItemSection" AS ENUM ('PREREQUISITE', 'CHECKLIST', 'FAILURE_EXIT');

-- CreateEnum
CREATE TYPE "LifecycleStepStatus" AS ENUM ('IN_PROGRESS', 'COMPLETE', 'FAILED');

-- CreateEnum
CREATE TYPE "LifecycleAutomationStatus" AS ENUM ('PENDING', 'SUCCEEDED', 'FAILED');

-- CreateTable
CREATE TABLE "LifecycleStepDefinition" (
    "number" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,

    CONSTRAINT "LifecycleStepDefinition_pkey" PRIMARY KEY ("number")
);

-- CreateTable
CREATE TABLE "LifecycleItemDefinition" (
    "key" TEXT NOT NULL,
    "stepNumber" INTEGER NOT NULL,
    "section" "LifecycleItemSection" NOT NULL,
    "text" TEXT NOT NULL,
    "ownerPersona" TEXT NOT NULL,
    "dueDays" INTEGER NOT NULL,
    "automation" TEXT,
    "ordinal" INTEGER NOT NULL,

    CONSTRAINT "LifecycleItemDefinition_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "ProjectLifecycleStep" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "stepNumber" INTEGER NOT NULL,
    "round" INTEGER NOT NULL DEFAULT 1,
    "status" "LifecycleStepStatus" NOT NULL DEFAULT 'IN_PROGRESS',
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedByLabel" TEXT NOT NULL,
    "completedAt" TIMESTAMP(3),
    "failedAt" TIMESTAMP(3),
    "failureReason" TEXT,
    "data" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "ProjectLifecycleStep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProjectLifecycleItem" (
    "id" UUID NOT NULL,
    "stepId" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "definitionKey" TEXT NOT NULL,
    "section" "LifecycleItemSection" NOT NULL,
    "text" TEXT NOT NULL,
    "ownerPersona" TEXT NOT NULL,
    "ownerUserId" UUID,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "automation" TEXT,
    "automationStatus" "LifecycleAutomationStatus",
    "automationError" TEXT,
    "ordinal" INTEGER NOT NULL,
    "tickedAt" TIMESTAMP(3),
    "tickedById" UUID,
    "tickedByLabel" TEXT,
    "evidenceKind" TEXT,
    "evidence" TEXT,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProjectLifecycleItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "LifecycleStepDefinition_key_key" ON "LifecycleStepDefinition"("key");

-- CreateIndex
CREATE INDEX "LifecycleItemDefinition_stepNumber_section_ordinal_idx" ON "LifecycleItemDefinition"("stepNumber", "section", "ordinal");

-- CreateIndex
CREATE UNIQUE INDEX "ProjectLifecycleStep_projectId_stepNumber_round_key" ON "ProjectLifecycleStep"("projectId", "stepNumber", "round");

-- CreateIndex
CREATE INDEX "ProjectLifecycleItem_projectId_tickedAt_idx" ON "ProjectLifecycleItem"("projectId", "tickedAt");

-- CreateIndex
CREATE INDEX "ProjectLifecycleItem_ownerPersona_tickedAt_dueAt_idx" ON "ProjectLifecycleItem"("ownerPersona", "tickedAt", "dueAt");

-- CreateIndex
CREATE INDEX "ProjectLifecycleItem_ownerUserId_tickedAt_dueAt_idx" ON "ProjectLifecycleItem"("ownerUserId", "tickedAt", "dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "ProjectLifecycleItem_stepId_definitionKey_key" ON "ProjectLifecycleItem"("stepId", "definitionKey");

-- AddForeignKey
ALTER TABLE "LifecycleItemDefinition" ADD CONSTRAINT "LifecycleItemDefinition_stepNumber_fkey" FOREIGN KEY ("stepNumber") REFERENCES "LifecycleStepDefinition"("number") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProjectLifecycleStep" ADD CONSTRAINT "ProjectLifecycleStep_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProjectLifecycleItem" ADD CONSTRAINT "ProjectLifecycleItem_stepId_fkey" FOREIGN KEY ("stepId") REFERENCES "ProjectLifecycleStep"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProjectLifecycleItem" ADD CONSTRAINT "ProjectLifecycleItem_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
