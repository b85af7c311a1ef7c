-- AlterTable
ALTER TABLE "Deployment" ADD COLUMN     "reportedBy" TEXT,
ADD COLUMN     "reportedByKey" TEXT;

-- AlterTable
ALTER TABLE "PromotionRequest" ADD COLUMN     "deploymentReportedBy" TEXT,
ADD COLUMN     "evidenceProvenance" JSONB NOT NULL DEFAULT '{}';
