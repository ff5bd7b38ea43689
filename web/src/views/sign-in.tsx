/** The sign-in screens: locally, a list of the demo users; deployed, a button to Cognito's hosted sign-in. */
import { useState } from 'preact/hooks';
import type { CognitoSignInService } from '../sign-in-cognito';
import type { DemoUser, LocalSignInService } from '../sign-in-local';
import type { SignedIn } from '../session';
import { PageHeading, Show, useLoad } from './page';

const ROLE_NAMES: Record<string, string> = {
  iro: 'Independent Reviewing Officers',
  'team-manager': 'Team managers',
  'service-manager': 'Service managers',
  admin: 'Administrators',
};

export function LocalSignIn({ service, onSignedIn, notice }: { service: LocalSignInService; onSignedIn: (user: SignedIn) => void; notice?: string }) {
  const users = useLoad(() => service.users(), []);
  const [chosen, setChosen] = useState<string>();
  const [error, setError] = useState<string>();

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!chosen) return setError('Choose who to sign in as');
    try {
      onSignedIn(await service.signInAs(chosen));
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : String(cause));
    }
  };

  return (
    <>
      {error && (
        <div class="govuk-error-summary" data-module="govuk-error-summary" role="alert">
          <h2 class="govuk-error-summary__title">There is a problem</h2>
          <div class="govuk-error-summary__body">
            <ul class="govuk-list govuk-error-summary__list">
              <li>
                <a href="#user-0">{error}</a>
              </li>
            </ul>
          </div>
        </div>
      )}
      <PageHeading caption="Local stack">Sign in</PageHeading>
      {notice && <p class="govuk-inset-text">{notice}</p>}
      <p class="govuk-body">
        This is the local stack: choose one of its demo users to sign in as. Deployed, this screen is Cognito's sign-in page instead.
      </p>
      <Show loaded={users} what="the demo users">
        {(list) => (
          <form onSubmit={submit} noValidate>
            {groupByRole(list).map(([role, members]) => (
              <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
                <fieldset class="govuk-fieldset">
                  <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">{ROLE_NAMES[role] ?? role}</legend>
                  <div class="govuk-radios govuk-radios--small">
                    {members.map((user) => {
                      const index = list.indexOf(user);
                      return (
                        <div class="govuk-radios__item">
                          <input
                            class="govuk-radios__input"
                            id={`user-${index}`}
                            name="user"
                            type="radio"
                            value={user.email}
                            checked={chosen === user.email}
                            onChange={() => setChosen(user.email)}
                          />
                          <label class="govuk-label govuk-radios__label" for={`user-${index}`}>
                            {user.email}
                            <span class="govuk-hint govuk-radios__hint">{user.description}</span>
                          </label>
                        </div>
                      );
                    })}
                  </div>
                </fieldset>
              </div>
            ))}
            <button type="submit" class="govuk-button" data-module="govuk-button">
              Sign in
            </button>
          </form>
        )}
      </Show>
    </>
  );
}

function groupByRole(users: DemoUser[]): [string, DemoUser[]][] {
  const groups = new Map<string, DemoUser[]>();
  for (const role of Object.keys(ROLE_NAMES)) groups.set(role, []);
  for (const user of users) groups.get(user.roles[0] ?? 'iro')?.push(user);
  return [...groups].filter(([, members]) => members.length > 0);
}

export function CognitoSignIn({ service, notice }: { service: CognitoSignInService; notice?: string }) {
  return (
    <>
      <PageHeading>Sign in</PageHeading>
      {notice && <p class="govuk-inset-text">{notice}</p>}
      <p class="govuk-body">Sign in with your council account. You will be asked for your password and your authenticator code on the next page.</p>
      <button type="button" class="govuk-button govuk-button--start" onClick={() => void service.signIn()}>
        Sign in
      </button>
    </>
  );
}
