-- CreateTable
CREATE TABLE "JitBreakGlassWaiver" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "grantedById" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "usedByRequestId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JitBreakGlassWaiver_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "JitBreakGlassWaiver_userId_usedAt_expiresAt_idx" ON "JitBreakGlassWaiver"("userId", "usedAt", "expiresAt");

-- AddForeignKey
ALTER TABLE "JitBreakGlassWaiver" ADD CONSTRAINT "JitBreakGlassWaiver_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JitBreakGlassWaiver" ADD CONSTRAINT "JitBreakGlassWaiver_grantedById_fkey" FOREIGN KEY ("grantedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
