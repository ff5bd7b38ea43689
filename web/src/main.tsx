import { render } from 'preact';
render(<p class="govuk-body">Loading…</p>, document.getElementById('app')!);
