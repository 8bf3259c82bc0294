import { builder } from "../builder.ts";

export interface Tag {
  key: string;
  value: string;
}

export const TagType = builder.objectRef<Tag>("Tag").implement({
  fields: (t) => ({ key: t.exposeString("key"), value: t.exposeString("value") }),
});

export const TagInput = builder.inputType("TagInput", {
  fields: (t) => ({ key: t.string({ required: true }), value: t.string({ required: true }) }),
});

export function tagsToList(tags: unknown): Tag[] {
  return Object.entries((tags ?? {}) as Record<string, string>).map(([key, value]) => ({ key, value: String(value) }));
}

export function tagsFromInput(tags: { key: string; value: string }[] | null | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map((t) => [t.key, t.value]));
}
