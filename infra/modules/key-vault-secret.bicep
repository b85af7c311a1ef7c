// One Key Vault secret and the identities allowed to read it. Access is granted on the secret
// itself, not the vault, so the portal cannot read the owner role's connection and the migration
// job cannot read the sign-in secrets.

@description('The Key Vault (RBAC mode) the secret lives in.')
param vaultName string

@description('The secret\'s name in the vault.')
param name string

@secure()
@description('The secret\'s value.')
param value string

@description('Principal ids (managed identities) that get Key Vault Secrets User on this secret only.')
param readerPrincipalIds array

// Built-in role: Key Vault Secrets User (read secret contents).
var keyVaultSecretsUser = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: vaultName
}

resource secret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: name
  properties: {
    value: value
    contentType: 'text/plain'
  }
}

resource readers 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for principalId in readerPrincipalIds: {
    name: guid(secret.id, principalId, keyVaultSecretsUser)
    scope: secret
    properties: {
      roleDefinitionId: keyVaultSecretsUser
      principalId: principalId
      principalType: 'ServicePrincipal'
    }
  }
]

@description('The versionless secret URI: Container Apps picks up a new version without a redeploy.')
output uri string = secret.properties.secretUri
