/** A plug-in aggregate: folds the elements' values into one value. */
export interface AggregateImpl {
  (values: readonly unknown[], elements: readonly unknown[]): unknown;
}
