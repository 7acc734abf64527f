/** Types for linebreak 1.1 (UAX #14 break opportunities; the package ships none). */
declare module "linebreak" {
  export interface Break {
    /** Index (UTF-16) where a line may start. */
    position: number;
    /** A mandatory break (after a newline). */
    required: boolean;
  }
  export default class LineBreaker {
    constructor(text: string);
    nextBreak(): Break | null;
  }
}
