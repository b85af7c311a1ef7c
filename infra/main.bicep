// The ML Governance Portal on Azure Container Apps, in one resource group:
//   - a Container Apps environment (logs to Log Analytics) running the portal (2+ replicas, https
//     only, health probes) and a manual Container Apps job that applies the database migrations;
//   - Azure Database for PostgreSQL Flexible Server with the `portal` database;
//   - a Key Vault (RBAC mode) holding every secret the portal reads, referenced by the app;
//   - Application Insights (workspace-based) on the same Log Analytics workspace;
//   - two user-assigned managed identities: the portal's (Key Vault, image pull, and the Azure
//     credential of the AML connector and PIM enforcement) and the migration job's.
// Roles in the governed subscriptions (AML workspaces, PIM) are granted by
// governed-subscription.bicep, deployed once per subscription. See README, "Deploy to Azure".
//
// Every environment variable the portal reads is declared in lib/settings.ts; the parameters
// below carry those settings one to one (the parameter's description names the variable), and
// infra/infra.test.ts fails when a setting the portal requires is not provided here.

targetScope = 'resourceGroup'

// ─── Naming and placement ───────────────────────────────────────────────────────────────────────

@description('Azure region for every resource; defaults to the resource group\'s.')
param location string = resourceGroup().location

@minLength(2)
@maxLength(12)
@description('Short lower-case prefix for resource names (letters, digits, hyphens).')
param namePrefix string = 'mlgov'

@description('Tags applied to every resource.')
param tags object = {}

// ─── Image ──────────────────────────────────────────────────────────────────────────────────────

@description('The portal\'s container image, e.g. myregistry.azurecr.io/ml-governance-portal:1.4.0 (built from the repository\'s Dockerfile).')
param image string

@description('Name of an Azure Container Registry in this resource group to pull the image from with the managed identities (AcrPull); empty for a public registry.')
param containerRegistryName string = ''

// ─── Scale ──────────────────────────────────────────────────────────────────────────────────────

@minValue(2)
@description('Replicas always running. At least 2, so a replica restart or a zone outage never takes the portal down.')
param minReplicas int = 2

@maxValue(30)
@description('Most replicas the HTTP scale rule may add.')
param maxReplicas int = 6

@description('Concurrent requests per replica before the HTTP scale rule adds one.')
param concurrentRequestsPerReplica int = 50

@description('CPU cores per replica (0.5 steps; memory is twice this in GiB).')
@allowed(['0.5', '1.0', '1.5', '2.0'])
param cpuCores string = '1.0'

// ─── Web (lib/settings.ts: ZWeb) ────────────────────────────────────────────────────────────────

@description('PORTAL_BASE_URL: the portal\'s public https URL (a custom domain). Empty: the Container App\'s own https://<app>.<environment domain>.')
param portalBaseUrl string = ''

// ─── Database (ZDatabase) ───────────────────────────────────────────────────────────────────────

@allowed(['16', '17'])
@description('PostgreSQL major version.')
param postgresVersion string = '16'

@allowed(['Disabled', 'ZoneRedundant'])
@description('High availability: ZoneRedundant keeps a standby in another availability zone (needs the GeneralPurpose or MemoryOptimized tier).')
param highAvailabilityMode string = 'ZoneRedundant'

@description('Compute size of the server.')
param postgresSkuName string = 'Standard_D2ds_v5'

@allowed(['Burstable', 'GeneralPurpose', 'MemoryOptimized'])
param postgresSkuTier string = 'GeneralPurpose'

@description('Storage in GiB (grows automatically).')
param postgresStorageSizeGB int = 64

@allowed(['entra', 'password'])
@description('DATABASE_AUTH: how the portal and the migration job sign in to PostgreSQL. entra: each as its managed identity, with an Entra token (no database password anywhere); password: as the password roles databaseOwnerRole and databaseAppRole.')
param databaseAuth string = 'entra'

@allowed(['Enabled', 'Disabled'])
@description('Password sign-in on the server: needed only with databaseAuth=password (or while you still use the local administrator).')
param postgresPasswordAuth string = databaseAuth == 'password' ? 'Enabled' : 'Disabled'

@description('Local administrator login, used only while postgresPasswordAuth is Enabled.')
param postgresAdministratorLogin string = 'pgadmin'

@secure()
@description('Local administrator password, used only while postgresPasswordAuth is Enabled. Not stored in Key Vault: the portal never uses it.')
param postgresAdministratorPassword string = ''

@description('Object id of the Microsoft Entra user or group administering the server (creates the portal\'s roles).')
param postgresEntraAdminObjectId string

@description('Display name (user principal name or group name) of that administrator.')
param postgresEntraAdminName string

@allowed(['User', 'Group', 'ServicePrincipal'])
param postgresEntraAdminType string = 'Group'

@description('With databaseAuth=password: the owner role (owns the tables, runs migrations), DATABASE_MIGRATION_URL\'s user. With entra, the migration identity\'s role is the owner.')
param databaseOwnerRole string = 'portal_owner'

@secure()
@description('With databaseAuth=password: the owner role\'s password; goes into DATABASE_MIGRATION_URL in Key Vault. Unused with entra.')
param databaseOwnerPassword string = ''

@description('With databaseAuth=password: the app role the portal connects as, DATABASE_URL\'s user. With entra, the app identity\'s role.')
param databaseAppRole string = 'portal_app'

@secure()
@description('With databaseAuth=password: the app role\'s password; goes into DATABASE_URL in Key Vault. Unused with entra.')
param databaseAppPassword string = ''

@minValue(1)
@description('DATABASE_POOL_MAX: connections per replica. Keep replicas × this under the server\'s max_connections.')
param databasePoolMax int = 10

// ─── Sign-in (ZSignIn) ──────────────────────────────────────────────────────────────────────────

@secure()
@description('PORTAL_SECRET: 32+ random characters; seals the MSAL token cache. Keep it stable: a new value signs everyone out.')
param portalSecret string

@description('ENTRA_TENANT_ID: the tenant of the app registration.')
param entraTenantId string = tenant().tenantId

@description('ENTRA_CLIENT_ID: the app registration\'s application (client) id.')
param entraClientId string

@secure()
@description('ENTRA_CLIENT_SECRET: the app registration\'s client secret.')
param entraClientSecret string

@description('ENTRA_AUTHORITY: empty for https://login.microsoftonline.com/<tenant>/v2.0.')
param entraAuthority string = ''

@description('ENTRA_ALLOWED_TENANTS: comma-separated tenant ids; empty for ENTRA_TENANT_ID only.')
param entraAllowedTenants string = ''

@description('ENTRA_API_AUDIENCE: empty for api://<client id>.')
param entraApiAudience string = ''

@description('GRAPH_BASE_URL: Microsoft Graph; empty for https://graph.microsoft.com.')
param graphBaseUrl string = ''

@description('SESSION_IDLE_MINUTES: empty for 60.')
param sessionIdleMinutes string = ''

@description('SESSION_ABSOLUTE_HOURS: empty for 12.')
param sessionAbsoluteHours string = ''

@description('STEP_UP_REQUIRED_ACRS: Entra authentication contexts a step-up must satisfy, e.g. c1; empty for none.')
param stepUpRequiredAcrs string = ''

@description('API_REQUIRED_APP_ROLE: app role every pipeline token must carry, e.g. Portal.Pipeline; empty for none.')
param apiRequiredAppRole string = ''

// ─── Notifications (ZOutbox, ZOutbound) ─────────────────────────────────────────────────────────

@secure()
@description('WEBHOOK_SIGNING_SECRET: signs webhooks and pipeline callbacks (whsec_<base64>); empty: they are not sent.')
param webhookSigningSecret string = ''

@secure()
@description('EVIDENCE_SIGNING_KEY: the Ed25519 private key (PKCS#8 PEM or its base64) that signs evidence packs; empty: derived from PORTAL_SECRET, which then must never change.')
param evidenceSigningKey string = ''

@secure()
@description('NOTIFY_WEBHOOK_URL: Teams or Slack incoming webhook (its URL is a credential, so it is kept in Key Vault); empty: none.')
param notifyWebhookUrl string = ''

@secure()
@description('SMTP_URL: smtps://user:password@host:465 for e-mail notices (holds a password, so kept in Key Vault); empty: no e-mail.')
param smtpUrl string = ''

@description('SMTP_FROM: the From address of e-mail notices; empty for the default.')
param smtpFrom string = ''

// ─── Azure connector and just-in-time access (ZAzure, ZJobs, ZJit) ──────────────────────────────

@description('AZURE_ARM_ENDPOINT: Resource Manager for a sovereign cloud; empty for the cloud this template is deployed to.')
param azureArmEndpoint string = ''

@description('AML_SYNC_CRON: the periodic AML sync as a cron expression, or off; empty for every 30 minutes.')
param amlSyncCron string = ''

@allowed(['on', 'off'])
@description('JIT_AZURE_ENFORCEMENT: on makes just-in-time grants in Azure PIM too (needs governed-subscription.bicep\'s role assignment).')
param jitAzureEnforcement string = 'on'

@description('Any other setting of lib/settings.ts as { "NAME": "value" } (e.g. { "JIT_MAX_GRANT_HOURS": "4" }). Not for secrets. The named parameters above take precedence.')
param additionalSettings object = {}

// ─── Names ──────────────────────────────────────────────────────────────────────────────────────

var suffix = uniqueString(resourceGroup().id, namePrefix)
var appName = '${namePrefix}-portal'
var databaseName = 'portal'
// Container Apps' fixed CPU/memory pairs.
var memoryFor = { '0.5': '1Gi', '1.0': '2Gi', '1.5': '3Gi', '2.0': '4Gi' }
// Built-in role: AcrPull (pull images from the registry).
var acrPull = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '7f951dda-4ed3-4680-a7ca-43fe172d538d')

// ─── Identities ─────────────────────────────────────────────────────────────────────────────────

// The running portal: reads its Key Vault secrets, pulls the image, and is the Azure credential of
// the AML connector and PIM enforcement (DefaultAzureCredential picks it through AZURE_CLIENT_ID).
resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${namePrefix}-portal'
  location: location
  tags: tags
}

// The migration job: reads the owner role's connection, which the portal itself must not hold.
resource migrationIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${namePrefix}-migrate'
  location: location
  tags: tags
}

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' existing = if (!empty(containerRegistryName)) {
  name: containerRegistryName
}

resource appAcrPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(containerRegistryName)) {
  name: guid(resourceGroup().id, containerRegistryName, appIdentity.id, acrPull)
  scope: registry
  properties: {
    roleDefinitionId: acrPull
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource migrationAcrPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(containerRegistryName)) {
  name: guid(resourceGroup().id, containerRegistryName, migrationIdentity.id, acrPull)
  scope: registry
  properties: {
    roleDefinitionId: acrPull
    principalId: migrationIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

var registryServer = '${containerRegistryName}${environment().suffixes.acrLoginServer}'
var registries = empty(containerRegistryName) ? [] : [{ server: registryServer, identity: appIdentity.id }]
var migrationRegistries = empty(containerRegistryName) ? [] : [{ server: registryServer, identity: migrationIdentity.id }]

// ─── Logs and telemetry ─────────────────────────────────────────────────────────────────────────

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${namePrefix}-${suffix}'
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 90
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${namePrefix}-${suffix}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

// ─── PostgreSQL ─────────────────────────────────────────────────────────────────────────────────

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: 'psql-${namePrefix}-${suffix}'
  location: location
  tags: tags
  sku: {
    name: postgresSkuName
    tier: postgresSkuTier
  }
  properties: {
    version: postgresVersion
    administratorLogin: postgresPasswordAuth == 'Enabled' ? postgresAdministratorLogin : null
    administratorLoginPassword: postgresPasswordAuth == 'Enabled' ? postgresAdministratorPassword : null
    authConfig: {
      activeDirectoryAuth: 'Enabled'
      passwordAuth: postgresPasswordAuth
      tenantId: tenant().tenantId
    }
    storage: {
      storageSizeGB: postgresStorageSizeGB
      autoGrow: 'Enabled'
    }
    backup: {
      backupRetentionDays: 35
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: highAvailabilityMode
    }
  }
}

// Public endpoint reachable from Azure services only (0.0.0.0 is Azure's "allow Azure services"
// rule); TLS is required by the server and by sslmode=require in the URLs. For a private endpoint
// or VNet integration see README, "Deploy to Azure".
resource postgresAzureServices 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = {
  parent: postgres
  name: 'AllowAzureServices'
  // The server takes one change at a time; parallel child operations fail with a conflict.
  dependsOn: [portalDatabase]
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

// The Entra administrator creates the portal's two roles (README, Database roles). The managed
// identities are deliberately not administrators: the portal must own nothing and administer nothing.
resource postgresEntraAdmin 'Microsoft.DBforPostgreSQL/flexibleServers/administrators@2024-08-01' = {
  parent: postgres
  name: postgresEntraAdminObjectId
  properties: {
    principalName: postgresEntraAdminName
    principalType: postgresEntraAdminType
    tenantId: tenant().tenantId
  }
}

resource portalDatabase 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: postgres
  name: databaseName
  dependsOn: [postgresEntraAdmin]
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

var postgresHost = postgres.properties.fullyQualifiedDomainName
// With Entra sign-in the user is the managed identity's role (created by the Entra administrator with
// pgaadauth_create_principal, README step 5) and the password is a token the portal fetches itself
// (lib/db/entra-token.ts); the URLs then hold no secret, but stay in Key Vault like any connection.
var useEntra = databaseAuth == 'entra'
var databaseUrl = useEntra
  ? 'postgresql://${uriComponent(appIdentity.name)}@${postgresHost}:5432/${databaseName}?sslmode=verify-full'
  : 'postgresql://${databaseAppRole}:${uriComponent(databaseAppPassword)}@${postgresHost}:5432/${databaseName}?sslmode=require'
var databaseMigrationUrl = useEntra
  ? 'postgresql://${uriComponent(migrationIdentity.name)}@${postgresHost}:5432/${databaseName}?sslmode=verify-full'
  : 'postgresql://${databaseOwnerRole}:${uriComponent(databaseOwnerPassword)}@${postgresHost}:5432/${databaseName}?sslmode=require'

// ─── Key Vault ──────────────────────────────────────────────────────────────────────────────────

// RBAC mode: access is granted per secret by modules/key-vault-secret.bicep, not by access policies.
resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: 'kv-${take(namePrefix, 7)}-${take(suffix, 10)}'
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

module portalSecretRef 'modules/key-vault-secret.bicep' = {
  name: 'secret-portal-secret'
  params: {
    vaultName: vault.name
    name: 'portal-secret'
    value: portalSecret
    readerPrincipalIds: [appIdentity.properties.principalId]
  }
}

module entraClientSecretRef 'modules/key-vault-secret.bicep' = {
  name: 'secret-entra-client-secret'
  params: {
    vaultName: vault.name
    name: 'entra-client-secret'
    value: entraClientSecret
    readerPrincipalIds: [appIdentity.properties.principalId]
  }
}

// The migration job reads the app role's URL too: after migrating it grants that role its rights.
module databaseUrlRef 'modules/key-vault-secret.bicep' = {
  name: 'secret-database-url'
  params: {
    vaultName: vault.name
    name: 'database-url'
    value: databaseUrl
    readerPrincipalIds: [appIdentity.properties.principalId, migrationIdentity.properties.principalId]
  }
}

module databaseMigrationUrlRef 'modules/key-vault-secret.bicep' = {
  name: 'secret-database-migration-url'
  params: {
    vaultName: vault.name
    name: 'database-migration-url'
    value: databaseMigrationUrl
    readerPrincipalIds: [migrationIdentity.properties.principalId]
  }
}

module webhookSigningSecretRef 'modules/key-vault-secret.bicep' = if (!empty(webhookSigningSecret)) {
  name: 'secret-webhook-signing-secret'
  params: {
    vaultName: vault.name
    name: 'webhook-signing-secret'
    value: webhookSigningSecret
    readerPrincipalIds: [appIdentity.properties.principalId]
  }
}

module evidenceSigningKeyRef 'modules/key-vault-secret.bicep' = if (!empty(evidenceSigningKey)) {
  name: 'secret-evidence-signing-key'
  params: {
    vaultName: vault.name
    name: 'evidence-signing-key'
    value: evidenceSigningKey
    readerPrincipalIds: [appIdentity.properties.principalId]
  }
}

module notifyWebhookUrlRef 'modules/key-vault-secret.bicep' = if (!empty(notifyWebhookUrl)) {
  name: 'secret-notify-webhook-url'
  params: {
    vaultName: vault.name
    name: 'notify-webhook-url'
    value: notifyWebhookUrl
    readerPrincipalIds: [appIdentity.properties.principalId]
  }
}

module smtpUrlRef 'modules/key-vault-secret.bicep' = if (!empty(smtpUrl)) {
  name: 'secret-smtp-url'
  params: {
    vaultName: vault.name
    name: 'smtp-url'
    value: smtpUrl
    readerPrincipalIds: [appIdentity.properties.principalId]
  }
}

// ─── Container Apps environment ─────────────────────────────────────────────────────────────────

resource containerEnvironment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: 'cae-${namePrefix}-${suffix}'
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: logs.properties.customerId
        sharedKey: logs.listKeys().primarySharedKey
      }
    }
    zoneRedundant: false
  }
}

var baseUrl = empty(portalBaseUrl) ? 'https://${appName}.${containerEnvironment.properties.defaultDomain}' : portalBaseUrl

// ─── The portal ─────────────────────────────────────────────────────────────────────────────────

// Plain settings: an empty value is left out, and the portal then uses its default.
var portalSettings = union(additionalSettings, {
  PORT: '3000'
  PORTAL_BASE_URL: baseUrl
  PORTAL_JOBS: 'on'
  DATABASE_POOL_MAX: string(databasePoolMax)
  DATABASE_AUTH: databaseAuth
  ENTRA_TENANT_ID: entraTenantId
  ENTRA_CLIENT_ID: entraClientId
  ENTRA_AUTHORITY: entraAuthority
  ENTRA_ALLOWED_TENANTS: entraAllowedTenants
  ENTRA_API_AUDIENCE: entraApiAudience
  GRAPH_BASE_URL: graphBaseUrl
  SESSION_IDLE_MINUTES: sessionIdleMinutes
  SESSION_ABSOLUTE_HOURS: sessionAbsoluteHours
  STEP_UP_REQUIRED_ACRS: stepUpRequiredAcrs
  API_REQUIRED_APP_ROLE: apiRequiredAppRole
  SMTP_FROM: smtpFrom
  // The managed identity DefaultAzureCredential uses for Resource Manager (AML connector, PIM).
  AZURE_CLIENT_ID: appIdentity.properties.clientId
  AZURE_ARM_ENDPOINT: empty(azureArmEndpoint) ? environment().resourceManager : azureArmEndpoint
  AML_SYNC_CRON: amlSyncCron
  JIT_AZURE_ENFORCEMENT: jitAzureEnforcement
})
var plainEnv = map(filter(items(portalSettings), s => !empty(string(s.value))), s => { name: s.key, value: string(s.value) })

// Secrets: Key Vault references read with the portal's identity (refreshed by Container Apps when
// a new version is set), plus the Application Insights connection string held by the app itself.
var appSecretsRequired = [
  { name: 'portal-secret', keyVaultUrl: portalSecretRef.outputs.uri, identity: appIdentity.id }
  { name: 'entra-client-secret', keyVaultUrl: entraClientSecretRef.outputs.uri, identity: appIdentity.id }
  { name: 'database-url', keyVaultUrl: databaseUrlRef.outputs.uri, identity: appIdentity.id }
  { name: 'appinsights-connection-string', value: appInsights.properties.ConnectionString }
]
var appSecretsWebhook = empty(webhookSigningSecret) ? [] : [{ name: 'webhook-signing-secret', keyVaultUrl: webhookSigningSecretRef.outputs.uri, identity: appIdentity.id }]
var appSecretsEvidence = empty(evidenceSigningKey) ? [] : [{ name: 'evidence-signing-key', keyVaultUrl: evidenceSigningKeyRef.outputs.uri, identity: appIdentity.id }]
var appSecretsNotify = empty(notifyWebhookUrl) ? [] : [{ name: 'notify-webhook-url', keyVaultUrl: notifyWebhookUrlRef.outputs.uri, identity: appIdentity.id }]
var appSecretsSmtp = empty(smtpUrl) ? [] : [{ name: 'smtp-url', keyVaultUrl: smtpUrlRef.outputs.uri, identity: appIdentity.id }]
var appSecrets = concat(appSecretsRequired, appSecretsWebhook, appSecretsEvidence, appSecretsNotify, appSecretsSmtp)

// The variables those secrets become.
var secretEnvRequired = [
  { name: 'DATABASE_URL', secretRef: 'database-url' }
  { name: 'PORTAL_SECRET', secretRef: 'portal-secret' }
  { name: 'ENTRA_CLIENT_SECRET', secretRef: 'entra-client-secret' }
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', secretRef: 'appinsights-connection-string' }
]
var secretEnvWebhook = empty(webhookSigningSecret) ? [] : [{ name: 'WEBHOOK_SIGNING_SECRET', secretRef: 'webhook-signing-secret' }]
var secretEnvEvidence = empty(evidenceSigningKey) ? [] : [{ name: 'EVIDENCE_SIGNING_KEY', secretRef: 'evidence-signing-key' }]
var secretEnvNotify = empty(notifyWebhookUrl) ? [] : [{ name: 'NOTIFY_WEBHOOK_URL', secretRef: 'notify-webhook-url' }]
var secretEnvSmtp = empty(smtpUrl) ? [] : [{ name: 'SMTP_URL', secretRef: 'smtp-url' }]
var secretEnv = concat(secretEnvRequired, secretEnvWebhook, secretEnvEvidence, secretEnvNotify, secretEnvSmtp)

resource portal 'Microsoft.App/containerApps@2024-03-01' = {
  name: appName
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${appIdentity.id}': {} }
  }
  dependsOn: [appAcrPull, portalDatabase, postgresAzureServices]
  properties: {
    environmentId: containerEnvironment.id
    configuration: {
      activeRevisionsMode: 'Single'
      // https only: plain http is refused, not redirected.
      ingress: {
        external: true
        targetPort: 3000
        transport: 'auto'
        allowInsecure: false
      }
      registries: registries
      secrets: appSecrets
    }
    template: {
      containers: [
        {
          name: 'portal'
          image: image
          resources: {
            cpu: json(cpuCores)
            memory: memoryFor[cpuCores]
          }
          env: concat(plainEnv, secretEnv)
          // /api/health/live answers while the process runs; /api/health/ready only once the
          // database is reachable, migrations are applied and the job workers have started.
          probes: [
            {
              type: 'Startup'
              httpGet: { path: '/api/health/live', port: 3000, scheme: 'HTTP' }
              periodSeconds: 2
              failureThreshold: 30
            }
            {
              type: 'Liveness'
              httpGet: { path: '/api/health/live', port: 3000, scheme: 'HTTP' }
              periodSeconds: 10
              timeoutSeconds: 3
              failureThreshold: 3
            }
            {
              type: 'Readiness'
              httpGet: { path: '/api/health/ready', port: 3000, scheme: 'HTTP' }
              periodSeconds: 5
              timeoutSeconds: 3
              failureThreshold: 3
            }
          ]
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: [
          {
            name: 'http-concurrency'
            http: {
              metadata: { concurrentRequests: string(concurrentRequestsPerReplica) }
            }
          }
        ]
      }
    }
  }
}

// ─── Migrations ─────────────────────────────────────────────────────────────────────────────────

// A manual job: start it after each new image, before the app's new revision takes traffic
// (README, "Deploy to Azure"). Concurrent runs are safe: migrations take an advisory lock.
resource migrationJob 'Microsoft.App/jobs@2024-03-01' = {
  name: '${namePrefix}-migrate'
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${migrationIdentity.id}': {} }
  }
  dependsOn: [migrationAcrPull, portalDatabase, postgresAzureServices]
  properties: {
    environmentId: containerEnvironment.id
    configuration: {
      triggerType: 'Manual'
      manualTriggerConfig: {
        parallelism: 1
        replicaCompletionCount: 1
      }
      replicaTimeout: 1800
      replicaRetryLimit: 1
      registries: migrationRegistries
      secrets: [
        { name: 'database-migration-url', keyVaultUrl: databaseMigrationUrlRef.outputs.uri, identity: migrationIdentity.id }
        { name: 'database-url', keyVaultUrl: databaseUrlRef.outputs.uri, identity: migrationIdentity.id }
      ]
    }
    template: {
      containers: [
        {
          name: 'migrate'
          image: image
          command: ['node']
          args: ['migrate.mjs']
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
          env: [
            // The owner role applies the migrations, then grants DATABASE_URL's role its rights.
            { name: 'DATABASE_MIGRATION_URL', secretRef: 'database-migration-url' }
            { name: 'DATABASE_URL', secretRef: 'database-url' }
            // With Entra sign-in the job signs in as its own identity (the owner).
            { name: 'DATABASE_AUTH', value: databaseAuth }
            { name: 'AZURE_CLIENT_ID', value: migrationIdentity.properties.clientId }
          ]
        }
      ]
    }
  }
}

// ─── Outputs ────────────────────────────────────────────────────────────────────────────────────

@description('The portal\'s public URL (PORTAL_BASE_URL).')
output portalUrl string = baseUrl

@description('Redirect URI to register on the app registration (Web platform).')
output redirectUri string = '${baseUrl}/auth/callback'

@description('Pass to governed-subscription.bicep as principalId in every governed subscription.')
output appIdentityPrincipalId string = appIdentity.properties.principalId

output appIdentityClientId string = appIdentity.properties.clientId
output migrationIdentityPrincipalId string = migrationIdentity.properties.principalId
@description('The database roles to create with pgaadauth_create_principal when databaseAuth is entra (README, step 5).')
output appIdentityName string = appIdentity.name
output migrationIdentityName string = migrationIdentity.name
output postgresServerName string = postgres.name
output postgresHost string = postgresHost
output keyVaultName string = vault.name
output containerAppName string = portal.name
output migrationJobName string = migrationJob.name
