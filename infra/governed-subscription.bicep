// The Azure roles the portal's managed identity needs in ONE governed subscription (one that holds
// AML workspaces the portal syncs, or where just-in-time access is enforced through PIM). Role
// assignments in another subscription need a deployment at that subscription's scope, so deploy
// this file once per governed subscription:
//
//   az deployment sub create --subscription <governed subscription> --location <region> \
//     --template-file infra/governed-subscription.bicep \
//     --parameters principalId=<appIdentityPrincipalId output of main.bicep> \
//                  assignableRoleDefinitionIds='["<role guid>", ...]'
//
// Each role below is the least built-in role for what the portal does; turn off what you do not use.

targetScope = 'subscription'

@description('Principal (object) id of the portal\'s managed identity: main.bicep\'s appIdentityPrincipalId output.')
param principalId string

@description('Reader: the AML connector lists and reads workspaces, models, versions and online and batch endpoints, and the access picture reads role assignments. Always needed.')
param grantReader bool = true

@description('AzureML Data Scientist: governance tags (governance.stage, governance.promotionId, governance.approvedAt, governance.approvers) are written back onto model versions after each decision (lib/azure/write-back.ts). False: no write-back; those jobs fail with "no permission" and are recorded as FAILED.')
param grantTagWriteBack bool = true

@description('Role Based Access Control Administrator: just-in-time grants are made, extended and removed as PIM role assignment schedule requests (JIT_AZURE_ENFORCEMENT=on), and access reviews remove role assignments. False: JIT stays in the portal only, and removals become tasks.')
param grantRoleAssignment bool = true

@description('GUIDs of the only roles the portal may assign or remove (those the persona → role matrix and the JIT eligibility rules name, e.g. AzureML Data Scientist, Reader, Storage Blob Data Reader). Empty: no condition, so the identity could assign any role, Owner included; not recommended.')
param assignableRoleDefinitionIds array = []

@allowed(['RoleBasedAccessControlAdministrator', 'UserAccessAdministrator'])
@description('The role that lets the portal assign roles: Role Based Access Control Administrator, the narrower one. Choose User Access Administrator only where Azure refuses the PIM schedule requests under the first (a JIT incident on the dashboard with AuthorizationFailed); the condition applies to either.')
param roleAssignmentRole string = 'RoleBasedAccessControlAdministrator'

// Built-in role definition ids (the same in every tenant).
var reader = 'acdd72a7-3385-48ef-bd42-f606fba81ae7'
var azureMlDataScientist = 'f6c7c914-8db3-469d-8ca1-694a8f32e121'
var roleBasedAccessControlAdministrator = 'f58310d9-a9f6-439a-9e8d-f62e7b41a168'
var userAccessAdministrator = '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9'
var roleAssigner = roleAssignmentRole == 'UserAccessAdministrator' ? userAccessAdministrator : roleBasedAccessControlAdministrator

// An ABAC condition (version 2.0) on the role assignment: the identity may create and delete
// assignments only of the listed roles, so a compromised portal cannot make anyone Owner.
var allowedRoles = join(assignableRoleDefinitionIds, ', ')
var assignmentCondition = '((!(ActionMatches{\'Microsoft.Authorization/roleAssignments/write\'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${allowedRoles}})) AND ((!(ActionMatches{\'Microsoft.Authorization/roleAssignments/delete\'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${allowedRoles}}))'

resource readerAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (grantReader) {
  name: guid(subscription().id, principalId, reader)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', reader)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'ML Governance Portal: read AML workspaces, models, versions, endpoints and role assignments.'
  }
}

resource tagWriteBackAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (grantTagWriteBack) {
  name: guid(subscription().id, principalId, azureMlDataScientist)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', azureMlDataScientist)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'ML Governance Portal: write governance tags onto AML model versions.'
  }
}

resource roleAssignmentAdministrator 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (grantRoleAssignment) {
  name: guid(subscription().id, principalId, roleAssigner)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleAssigner)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'ML Governance Portal: just-in-time grants through PIM and access-review removals, limited to the listed roles.'
    condition: empty(assignableRoleDefinitionIds) ? null : assignmentCondition
    conditionVersion: empty(assignableRoleDefinitionIds) ? null : '2.0'
  }
}
