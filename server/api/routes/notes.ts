/**
 * Investigators' notes on an entity (node id) or a case number.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Note } from "../../store/ports/records.js";
import { type Answer, defineRoute, type RouteDef } from "../registry.js";
import { NoteSchema } from "../schemas.js";

const Target = z.string().trim().min(1).max(512).describe("node id (type:key) or case number");

export const notesRoutes: RouteDef[] = [
  defineRoute({
    method: "GET",
    path: "/api/notes",
    tag: "notes",
    summary: "Notes on one target, oldest first",
    query: z.object({ target: Target }),
    responses: { 200: { description: "notes", schema: z.object({ notes: z.array(NoteSchema) }) } },
    async handler({ query }, ctx) {
      const notes = await ctx.deps.store.listNotes(query.target);
      await ctx.audit("notes.read", query.target, { count: notes.length });
      return { notes };
    },
  }),
  defineRoute({
    method: "POST",
    path: "/api/notes",
    tag: "notes",
    summary: "Add a note",
    body: z.object({ target: Target, text: z.string().trim().min(1).max(10_000) }),
    status: 201,
    responses: { 201: { description: "the note", schema: NoteSchema } },
    async handler({ body }, ctx): Promise<Answer<typeof NoteSchema>> {
      const note: Note = {
        id: randomUUID(),
        target: body.target,
        author: ctx.user().username,
        createdAt: Date.now(),
        text: body.text,
      };
      await ctx.deps.store.putNote(note);
      await ctx.audit("note.create", body.target, { noteId: note.id, text: body.text });
      return note;
    },
  }),
];
