import type { MapOptions, MappedObject, ObjectMappingInput, SourceRecord } from "./types";

/** The attributes a target app receives for one object from a Graph objectMapping. */
export function mapObject(objectMapping: ObjectMappingInput, source: SourceRecord, options: MapOptions = {}): MappedObject {
  void objectMapping, source, options;
  throw new Error("mapObject: not implemented yet");
}
