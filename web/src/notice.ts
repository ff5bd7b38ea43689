/**
 * A line for the next screen to show once, as a success banner: "The
 * placement change of 3 May 2026 was corrected." Left by a form before it
 * moves to the child's page, taken by that page when it opens.
 */
let pending: string | undefined;

export function leaveNotice(text: string): void {
  pending = text;
}

/** The notice left for this screen, if any; it is gone once taken. */
export function takeNotice(): string | undefined {
  const text = pending;
  pending = undefined;
  return text;
}
