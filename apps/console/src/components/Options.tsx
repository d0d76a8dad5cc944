/** The options of a select over one of the protocol's tuples (roles, team modes), each with its readable name. */
export function Options<T extends string>({ values, labels, preset }: { values: readonly T[]; labels: Record<T, string>; preset?: T }) {
  return (
    <>
      {values.map((value) => (
        // `preset`: the option a form starts with and goes back to on reset; a controlled select leaves it out.
        <option key={value} value={value} selected={preset === undefined ? undefined : value === preset}>
          {labels[value]}
        </option>
      ))}
    </>
  );
}
