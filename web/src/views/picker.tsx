/**
 * A GOV.UK select and a button that moves to the chosen option's screen: the
 * month picker and the reporting-year picker. Nothing happens until the
 * button is pressed (GOV.UK: a select never submits itself).
 */
import { useEffect, useState } from 'preact/hooks';
import { navigate } from '../router';

export interface PickerProps {
  id: string;
  label: string;
  button: string;
  options: { value: string; label: string }[];
  value: string;
  /** The screen for an option's value. */
  hrefOf: (value: string) => string;
}

export function Picker({ id, label, button, options, value, hrefOf }: PickerProps) {
  const [chosen, setChosen] = useState(value);
  useEffect(() => setChosen(value), [value]);
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        navigate(hrefOf(chosen));
      }}
    >
      <div class="govuk-form-group">
        <label class="govuk-label govuk-label--s" for={id}>
          {label}
        </label>
        <select class="govuk-select" id={id} name={id} value={chosen} onChange={(event) => setChosen((event.target as HTMLSelectElement).value)}>
          {options.map((option) => (
            <option value={option.value}>{option.label}</option>
          ))}
        </select>
      </div>
      <button type="submit" class="govuk-button govuk-button--secondary">
        {button}
      </button>
    </form>
  );
}
