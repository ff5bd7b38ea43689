/**
 * Who can sign in: a Cognito user pool with one group per role, its hosted
 * sign-in (a Cognito domain), and two app clients: `PageClient` for the web
 * page (authorization code with PKCE through the hosted sign-in, no secret)
 * and `ApiClient` for scripts (SRP). Clients send the ID token (it carries
 * `email` and `cognito:groups`, and its `aud` is the app client), which the
 * HTTP API's JWT authorizer checks against both clients.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  type CfnUserPoolClient,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  UserPool,
  UserPoolClient,
  UserPoolClientIdentityProvider,
  UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ROLES } from '#shared/domain/access';

const GROUP_DESCRIPTIONS: Record<(typeof ROLES)[number], string> = {
  iro: 'Independent Reviewing Officers: their allocated children',
  'team-manager': "Team managers: their team's children and responses to recommendations",
  'service-manager': 'IRO service managers: everything, read only, and the reports',
  admin: 'Administrators: everything, including reallocation',
};

/**
 * A Cognito domain prefix Cognito accepts: lower-case letters, digits and
 * hyphens, not at either end, at most 63 characters, without the reserved
 * words `aws`, `amazon` and `cognito`. Checked at synth, not at deploy.
 */
export function checkAuthDomainPrefix(prefix: string): string {
  if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(prefix) || /aws|amazon|cognito/.test(prefix)) {
    throw new Error(
      `"${prefix}" is not a Cognito domain prefix: use lower-case letters, digits and hyphens (not at either end, at most 63), without "aws", "amazon" or "cognito".`,
    );
  }
  return prefix;
}

/** The hosted sign-in's origin, `https://<prefix>.auth.<region>.amazoncognito.com`. */
export const hostedSignInOrigin = (domainPrefix: string, region: string) => `https://${domainPrefix}.auth.${region}.amazoncognito.com`;

export interface AuthProps {
  /** The hosted sign-in's Cognito domain prefix (unique in the region). */
  domainPrefix: string;
  /** The web page, `https://<domain>/`: where the sign-in and sign-out send the browser back to. */
  pageUrl: string;
}

export class Auth extends Construct {
  readonly userPool: UserPool;
  /** For scripts: SRP sign-in, no hosted sign-in. */
  readonly client: UserPoolClient;
  /** For the web page: the hosted sign-in, authorization code only. */
  readonly pageClient: UserPoolClient;
  readonly domain: UserPoolDomain;
  /** The hosted sign-in's origin (`https://<prefix>.auth.<region>.amazoncognito.com`): its token endpoint and sign-in pages. */
  readonly signInOrigin: string;

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const role of ROLES) {
      new CfnUserPoolGroup(this, `Group-${role}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: role,
        description: GROUP_DESCRIPTIONS[role],
      });
    }
    this.domain = this.userPool.addDomain('SignIn', { cognitoDomain: { domainPrefix: checkAuthDomainPrefix(props.domainPrefix) } });
    this.signInOrigin = hostedSignInOrigin(props.domainPrefix, Stack.of(this).region);

    const tokenValidity = {
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    };
    this.client = this.userPool.addClient('ApiClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      // SRP only. Without this CDK turns on the implicit and code grants with a
      // callback of https://example.com, which the hosted sign-in (now there
      // is a domain) would honour.
      disableOAuth: true,
      preventUserExistenceErrors: true,
      ...tokenValidity,
    });
    this.pageClient = this.userPool.addClient('PageClient', {
      // A public client: the page is code in the browser and can keep no secret (PKCE instead).
      generateSecret: false,
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [props.pageUrl],
        logoutUrls: [props.pageUrl],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      ...tokenValidity,
    });
    // No sign-in from the page itself (no SRP, no password): only the hosted
    // sign-in, then refresh. Left unset, Cognito would allow SRP and custom auth.
    (this.pageClient.node.defaultChild as CfnUserPoolClient).explicitAuthFlows = ['ALLOW_REFRESH_TOKEN_AUTH'];
  }
}
