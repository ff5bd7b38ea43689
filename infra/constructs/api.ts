/**
 * The HTTP API: one route per entry of the route table, every one behind the
 * Cognito JWT authorizer but those the table marks `auth: 'none'` (the
 * calendar feed, which a calendar fetches with no token: its URL's secret is
 * the credential), each of which has a throttle of its own in the stage's
 * route settings. All are served by the API function. Cross-origin calls are
 * answered only for the service's web page (shared/http/cors.ts).
 */
import { Duration, RemovalPolicy, Token, Validations } from 'aws-cdk-lib';
import { AccessLogField, AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CfnStage, CorsHttpMethod, HttpApi, HttpMethod, HttpNoneAuthorizer, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { API_CORS } from '#shared/http/cors';
import { isPublic, ROUTES, routeKeyOf, type RouteDefinition } from '#shared/http/routes';
import { INDEXES } from '#shared/store/table-design';
import { CHART_ASSETS } from '#shared/report-document/chart-assets';
import { ServiceFunction } from '#infra/constructs/service-function';
import { FUNCTION_TABLE_ACTIONS, grantTableAccess } from '#infra/constructs/table-access';

export interface ApiProps {
  table: TableV2;
  key: IKey;
  userPool: UserPool;
  /** The app clients whose ID tokens the authorizer accepts (the tokens' `aud`). */
  userPoolClients: UserPoolClient[];
  /** The web page's origin, `https://<domain>` with no trailing slash: the only origin CORS allows. */
  pageOrigin: string;
  timescalePolicy: string;
}

export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly handler: ServiceFunction;
  /** Makes the committee's Word document; only the API function may invoke it. */
  readonly documentFunction: ServiceFunction;
  readonly stage: HttpStage;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    if (!Token.isUnresolved(props.pageOrigin) && !/^https:\/\/[^/*]+$/.test(props.pageOrigin)) {
      throw new Error(`The API's CORS origin must be one https origin with no path and no wildcard, not ${props.pageOrigin}`);
    }
    // The committee's document: docx, Vega and resvg, kept out of the API's bundle. It reads and writes nothing;
    // Its peak is under 300 MB (bench/RESULTS.md); 1,024 MB is for the CPU that comes with it: a year's document in a few seconds cold.
    this.documentFunction = new ServiceFunction(this, 'AnnualDocument', {
      functionDir: 'annual-document',
      description: "Makes the Corporate Parenting Committee's Word document of an annual report",
      memorySize: 1024,
      timeout: Duration.seconds(25),
      assets: Object.values(CHART_ASSETS),
    });
    this.handler = new ServiceFunction(this, 'Handler', {
      functionDir: 'api',
      assets: [{ source: 'functions/api/openapi.json', bundled: 'openapi.json' }],
      description: 'Serves the HTTP API: case and review records',
      environment: {
        TABLE_NAME: props.table.tableName,
        TIMESCALE_POLICY: props.timescalePolicy,
        ANNUAL_DOCUMENT_FUNCTION_NAME: this.documentFunction.functionName,
      },
    });
    // That one function, unqualified, and nothing else (grantInvoke would add its versions, `:*`).
    this.handler.addToRolePolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.documentFunction.functionArn] }));
    grantTableAccess(this.handler, {
      table: props.table,
      key: props.key,
      // An admin's new revision of a month's snapshot reads the register index: Query, never Scan.
      actions: FUNCTION_TABLE_ACTIONS.api,
      indexes: INDEXES.map((index) => index.name),
    });

    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'IRO timescales: case and review records',
      createDefaultStage: false,
      defaultAuthorizer: new HttpUserPoolAuthorizer('Cognito', props.userPool, {
        userPoolClients: props.userPoolClients,
      }),
      // API Gateway answers the preflight itself (no route has OPTIONS, so the authorizer never sees it).
      corsPreflight: {
        allowOrigins: [props.pageOrigin],
        allowMethods: API_CORS.allowMethods.map((method) => CorsHttpMethod[method]),
        allowHeaders: [...API_CORS.allowHeaders],
        exposeHeaders: [...API_CORS.exposeHeaders],
        maxAge: Duration.seconds(API_CORS.maxAgeSeconds),
        // The page sends its token in Authorization, never a cookie.
        allowCredentials: false,
      },
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // The route key (the path's template), never the path: a calendar feed's path is its secret.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: AccessLogField.contextRequestId(),
            routeKey: AccessLogField.contextRouteKey(),
            status: AccessLogField.contextStatus(),
            latencyMs: AccessLogField.contextResponseLatency(),
            sourceIp: AccessLogField.contextIdentitySourceIp(),
          }),
        ),
      },
    });

    const integration = new HttpLambdaIntegration('Handler', this.handler);
    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const route of ROUTES as readonly RouteDefinition[]) {
      const [added] = this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
        ...(isPublic(route) ? { authorizer: new HttpNoneAuthorizer() } : {}),
      });
      if (added && isPublic(route)) {
        Validations.of(added).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${routeKeyOf(route)} is fetched by calendar apps, which cannot send a token: the secret of 256 random bits in its path is the credential (stored hashed, revocable), and the route has a throttle of its own.`,
        });
      }
      if (route.throttle) {
        routeSettings[routeKeyOf(route)] = { ThrottlingRateLimit: route.throttle.rateLimit, ThrottlingBurstLimit: route.throttle.burstLimit };
        // A stage's route settings may name only routes that exist already.
        if (added) this.stage.node.addDependency(added);
      }
    }
    if (Object.keys(routeSettings).length > 0) (this.stage.node.defaultChild as CfnStage).routeSettings = routeSettings;
  }
}
