/**
 * Limits of our own on the expression language (Microsoft documents none; UNCONFIRMED what the
 * portal and Graph accept): expressions at most 10,000 characters, function calls nested at most
 * 32 deep. Real mappings nest a handful of levels; the limits keep a hostile or generated
 * expression from exhausting the stack (the parser, the evaluator and everything that walks the
 * tree recurse once per level) or the synth's time.
 */
export const MAX_EXPRESSION_LENGTH = 10_000;
export const MAX_EXPRESSION_DEPTH = 32;
