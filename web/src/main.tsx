/**
 * The service's web page: reads `config.json`, signs the person in (locally
 * or through Cognito), and shows what is theirs: an IRO or team manager their
 * timescales (and those not booked), their children, their meetings to book,
 * hold or cancel, and their calendar feed; a service manager or admin the
 * monthly figures and the annual report.
 */
import { render } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { apiFor } from './api';
import type { PageConfig } from './config';
import { hrefOf, navigate, useRoute, type Route } from './router';
import { hasCaseload, isAdmin, isManager, type SignedIn, type SignInService } from './session';
import { CognitoSignInService } from './sign-in-cognito';
import { LocalSignInService } from './sign-in-local';
import { AnnualScreen } from './views/annual';
import { BookScreen, MeetingScreen } from './views/booking-forms';
import { CalendarScreen } from './views/calendar';
import { ChildScreen } from './views/child';
import { IrosScreen } from './views/iros';
import { PageHeading } from './views/page';
import { AddRecordScreen, RecordScreen } from './views/record-forms';
import { CognitoSignIn, LocalSignIn } from './views/sign-in';
import { SnapshotsScreen } from './views/snapshots';
import { TimescalesScreen } from './views/timescales';

const SERVICE_NAME = 'IRO timescales';

interface NavItem {
  href: string;
  label: string;
  active: (route: Route) => boolean;
}

function navFor(user: SignedIn): NavItem[] {
  const items: NavItem[] = [];
  if (hasCaseload(user)) {
    items.push({
      href: hrefOf.timescales(),
      label: 'Your timescales',
      active: (r) => r.name === 'timescales' || r.name === 'child' || r.name === 'add' || r.name === 'record' || r.name === 'book' || r.name === 'meeting',
    });
    items.push({ href: hrefOf.calendar(), label: 'Your calendar', active: (r) => r.name === 'calendar' });
  }
  if (isManager(user)) {
    items.push({ href: hrefOf.snapshots(), label: 'Monthly figures', active: (r) => r.name === 'snapshots' });
    items.push({ href: hrefOf.annual(), label: 'Annual report', active: (r) => r.name === 'annual' });
  }
  if (isAdmin(user)) items.push({ href: hrefOf.iros(), label: 'IROs', active: (r) => r.name === 'iros' });
  return items;
}

function Header({ user, route, onSignOut }: { user?: SignedIn; route: Route; onSignOut: () => void }) {
  const items = user ? navFor(user) : [];
  return (
    <section class="govuk-service-navigation" aria-label="Service information">
      <div class="govuk-width-container">
        <div class="govuk-service-navigation__container">
          <span class="govuk-service-navigation__service-name">
            <a href="#/" class="govuk-service-navigation__link">
              {SERVICE_NAME}
            </a>
          </span>
          {user && (
            <nav aria-label="Menu" class="govuk-service-navigation__wrapper">
              <ul class="govuk-service-navigation__list" id="navigation">
                {items.map((item) => {
                  const active = item.active(route);
                  return (
                    <li class={`govuk-service-navigation__item${active ? ' govuk-service-navigation__item--active' : ''}`}>
                      <a class="govuk-service-navigation__link" href={item.href} aria-current={active ? 'page' : undefined}>
                        {active ? <strong class="govuk-service-navigation__active-fallback">{item.label}</strong> : item.label}
                      </a>
                    </li>
                  );
                })}
                <li class="govuk-service-navigation__item">
                  <button type="button" class="govuk-service-navigation__link app-link-button" onClick={onSignOut}>
                    Sign out<span class="govuk-visually-hidden"> {user.email}</span>
                  </button>
                </li>
              </ul>
            </nav>
          )}
        </div>
      </div>
    </section>
  );
}

function Footer({ user }: { user?: SignedIn }) {
  return (
    <footer class="govuk-footer">
      <div class="govuk-width-container">
        <p class="govuk-body-s">
          {user ? `Signed in as ${user.email} (${user.roles.join(', ') || 'no role'}). ` : ''}
          Official – sensitive: children's records. Do not copy them anywhere they are not needed.
        </p>
      </div>
    </footer>
  );
}

/** A screen for a role the person does not have. */
function NotYours({ text = "Only IROs and team managers have a calendar of their children's due dates." }: { text?: string }) {
  return (
    <>
      <PageHeading>You cannot see this</PageHeading>
      <p class="govuk-body">{text}</p>
    </>
  );
}

function Screen({ route, user, config, onUnauthorized }: { route: Route; user: SignedIn; config: PageConfig; onUnauthorized: () => void }) {
  const api = useMemo(() => apiFor(config.apiUrl, user, onUnauthorized), [config.apiUrl, user]);
  switch (route.name) {
    case 'home':
      if (hasCaseload(user)) return <TimescalesScreen api={api} />;
      if (isManager(user)) return <SnapshotsScreen api={api} />;
      return (
        <>
          <PageHeading>No role yet</PageHeading>
          <p class="govuk-body">You are signed in, but not yet in a group that may see anything. Ask your service's administrator to add you to your role's group.</p>
        </>
      );
    case 'timescales':
      return <TimescalesScreen key={route.booking ?? 'all'} api={api} booking={route.booking} />;
    case 'child':
      return <ChildScreen key={route.childId} api={api} childId={route.childId} user={user} />;
    case 'add':
      return <AddRecordScreen key={`${route.childId}/${route.kind}`} api={api} user={user} childId={route.childId} kind={route.kind} />;
    case 'record':
      return <RecordScreen api={api} user={user} action={route.action} childId={route.childId} kind={route.kind} recordId={route.recordId} />;
    case 'book':
      return <BookScreen key={`${route.childId}/${route.kind}`} api={api} user={user} childId={route.childId} kind={route.kind} />;
    case 'meeting':
      return <MeetingScreen key={`${route.childId}/${route.meetingId}/${route.action}`} api={api} user={user} action={route.action} childId={route.childId} meetingId={route.meetingId} />;
    case 'calendar':
      if (!hasCaseload(user)) return <NotYours />;
      return <CalendarScreen api={api} />;
    case 'snapshots':
      return <SnapshotsScreen api={api} {...(route.month ? { month: route.month } : {})} />;
    case 'iros':
      if (!isAdmin(user)) return <NotYours text="Only an admin keeps the IRO directory." />;
      return <IrosScreen api={api} {...(route.email !== undefined ? { email: route.email } : {})} />;
    case 'annual':
      return <AnnualScreen api={api} {...(route.year !== undefined ? { year: route.year } : {})} />;
    case 'not-found':
      return (
        <>
          <PageHeading>Page not found</PageHeading>
          <p class="govuk-body">
            <a class="govuk-link" href="#/">Go to the start</a>
          </p>
        </>
      );
  }
}

function App({ config, service, initialUser }: { config: PageConfig; service: SignInService; initialUser?: SignedIn }) {
  const route = useRoute();
  const [user, setUser] = useState(initialUser);
  const [notice, setNotice] = useState<string>();
  const signOut = () => {
    // The next person starts at the start, not on a screen that was the last one's.
    navigate('#/');
    setUser(undefined);
    setNotice(undefined);
    void service.signOut();
  };
  /** The API refused the token (expired, or not one it trusts): forget it and ask again, staying on this screen. */
  const signInAgain = () => {
    setUser(undefined);
    setNotice('Your sign-in expired. Sign in again.');
    void service.forget();
  };

  return (
    <>
      <Header user={user} route={route} onSignOut={() => signOut()} />
      <div class="govuk-width-container">
        <main class="govuk-main-wrapper" id="main-content">
          {user ? (
            <Screen route={route} user={user} config={config} onUnauthorized={signInAgain} />
          ) : service instanceof LocalSignInService ? (
            <LocalSignIn service={service} notice={notice} onSignedIn={(signedIn) => { setNotice(undefined); setUser(signedIn); }} />
          ) : (
            <CognitoSignIn service={service as CognitoSignInService} notice={notice} />
          )}
        </main>
      </div>
      <Footer user={user} />
    </>
  );
}

async function start(): Promise<void> {
  document.body.classList.add('js-enabled', 'govuk-frontend-supported');
  // The skip link's target is in the page, not a route: move focus there without touching the hash.
  document.querySelector('.govuk-skip-link')?.addEventListener('click', (event) => {
    event.preventDefault();
    const main = document.getElementById('main-content');
    main?.setAttribute('tabindex', '-1');
    main?.focus();
  });
  const root = document.getElementById('app')!;
  try {
    const response = await fetch('/config.json', { cache: 'no-cache' });
    if (!response.ok) throw new Error(`config.json answered ${response.status}`);
    const config = (await response.json()) as PageConfig;
    const service = config.signIn.kind === 'local' ? new LocalSignInService(config.signIn) : new CognitoSignInService(config.signIn);
    if (service instanceof CognitoSignInService) await service.completeSignIn();
    const user = await service.current();
    root.replaceChildren();
    render(<App config={config} service={service} {...(user ? { initialUser: user } : {})} />, root);
  } catch (error) {
    root.innerHTML = '';
    const message = document.createElement('p');
    message.className = 'govuk-body';
    message.textContent = `The page could not start: ${error instanceof Error ? error.message : String(error)}. Try again in a minute.`;
    root.append(message);
  }
}

void start();
