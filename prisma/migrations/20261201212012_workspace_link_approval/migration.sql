-- CreateEnum
CREATE TYPE "WorkspaceLinkBasis" AS ENUM ('INVENTORY', 'RESOURCE_GROUP', 'PROJECT_TAG', 'PLATFORM_LEAD');

-- AlterTable
ALTER TABLE "WorkspaceConnection" ADD COLUMN     "approvalNote" TEXT,
ADD COLUMN     "approvedAt" TIMESTAMP(3),
ADD COLUMN     "approvedById" UUID,
ADD COLUMN     "approvedByLabel" TEXT,
ADD COLUMN     "linkBasis" "WorkspaceLinkBasis";
