-- CreateIndex
CREATE INDEX "ModelVersion_modelId_registeredAt_idx" ON "ModelVersion"("modelId", "registeredAt");
