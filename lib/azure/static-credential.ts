import type { AccessToken, TokenCredential } from '@azure/core-auth';

/**
 * A fixed bearer token for the local ARM stand-in (tests, bench, demo). The production path gets
 * its tokens from @azure/identity; lib/azure/arm-client.ts only accepts this one for a loopback endpoint.
 */
export class StaticTokenCredential implements TokenCredential {
  constructor(private readonly token = 'dev-azure-static-token') {}

  async getToken(): Promise<AccessToken> {
    return { token: this.token, expiresOnTimestamp: Date.now() + 3_600_000 };
  }
}
