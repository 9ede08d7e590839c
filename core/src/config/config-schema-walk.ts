import type { z } from "zod";
import { ConfigSchema } from "./config-schema.js";

/** The kind of value a leaf setting holds, as far as text sources need to know. */
export type SettingKind = "string" | "number" | "boolean" | "enum" | "record";

/** One leaf of the configuration schema: a setting a source can give a value for. */
export interface SettingLeaf {
  /** Dotted path, e.g. `sandbox.timeoutSeconds`. */
  readonly path: string;
  readonly kind: SettingKind;
  /** The leaf's schema without its default or optional wrapper. */
  readonly schema: z.ZodType;
  /** The schema as declared (with default/optional), for validating one value on its own. */
  readonly declared: z.ZodType;
}

type AnyDef = {
  type: string;
  innerType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  valueType?: z.ZodType;
};

function defOf(schema: z.ZodType): AnyDef {
  return schema._zod.def as unknown as AnyDef;
}

/** Strips `.default()`, `.optional()` and `.nullable()` wrappers. */
export function unwrapSchema(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if (
      (def.type === "default" || def.type === "optional" || def.type === "nullable") &&
      def.innerType
    ) {
      current = def.innerType;
    } else {
      return current;
    }
  }
}

/** The keys an object schema accepts, or undefined when the schema is not an object. */
export function objectKeysOf(schema: z.ZodType): string[] | undefined {
  const def = defOf(unwrapSchema(schema));
  return def.type === "object" && def.shape ? Object.keys(def.shape) : undefined;
}

/** The schema at a dotted path of {@link ConfigSchema}, or undefined when there is none. */
export function schemaAtPath(path: string, root: z.ZodType = ConfigSchema): z.ZodType | undefined {
  let current: z.ZodType | undefined = root;
  for (const segment of path.split(".")) {
    if (!current) return undefined;
    const def = defOf(unwrapSchema(current));
    if (def.type === "record") current = def.valueType;
    else if (def.type === "object" && def.shape) current = def.shape[segment];
    else return undefined;
  }
  return current;
}

function kindOf(schema: z.ZodType): SettingKind | undefined {
  const type = defOf(schema).type;
  if (type === "string" || type === "number" || type === "boolean" || type === "enum") return type;
  if (type === "record") return "record";
  return undefined;
}

/** Every leaf setting of {@link ConfigSchema}, in declaration order. */
export function settingLeaves(root: z.ZodType = ConfigSchema): SettingLeaf[] {
  const leaves: SettingLeaf[] = [];
  const visit = (schema: z.ZodType, path: string[]) => {
    const inner = unwrapSchema(schema);
    const def = defOf(inner);
    if (def.type === "object" && def.shape) {
      for (const [key, child] of Object.entries(def.shape)) visit(child, [...path, key]);
      return;
    }
    const kind = kindOf(inner);
    if (!kind) throw new Error(`Unsupported schema type ${def.type} at ${path.join(".")}`);
    leaves.push({ path: path.join("."), kind, schema: inner, declared: schema });
  };
  visit(root, []);
  return leaves;
}
