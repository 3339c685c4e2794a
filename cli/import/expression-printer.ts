/** The printer of Graph's attributeMappingSource lives with the expression language (expressions/graph-source.ts). */
export { printSource, UnprintableSource } from "../../expressions/graph-source";
