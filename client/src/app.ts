/**
 * The app shell: who is logged in, the header (navigation, search as you type), and the router.
 * Every view's state lives in the URL (path = view, query = state), so a link opens the same view.
 */
import { api, type Me, type Permission, type SearchHit } from "./api";
import { el, replace } from "./dom";
import { GraphCanvas } from "./graph/canvas";
import { errorMessage } from "./i18n/errors";
import { applyLang, isLang, lang, LANG_NAMES, LANGS, setLang, t, type MessageKey } from "./i18n/index";

export interface View {
  /** Render into `root`; the URL's query holds the view's state. */
  render(root: HTMLElement, params: URLSearchParams): Promise<void> | void;
  leave?(): void;
}

export interface AppContext {
  me: Me;
  can(action: Action): boolean;
  navigate(path: string, params?: Record<string, string | undefined>, opts?: { replace?: boolean }): void;
  /** Update the URL's query without re-rendering (filters, selection). */
  setParams(params: Record<string, string | undefined>): void;
  /** The page's one graph canvas (created on first use, kept for the page's life). */
  canvas(): { canvas: GraphCanvas; host: HTMLElement };
  toast(message: string, kind?: "info" | "error"): void;
}

/** What a role may do: the server's permissions (server/auth/roles.ts), which /api/auth/me sends. */
export type Action = Permission;

/** The permissions the server granted this session. */
function grantedActions(me: Me): ReadonlySet<Action> {
  return new Set(me.permissions);
}

type ViewLoader = () => Promise<{ view: (ctx: AppContext) => View }>;

/**
 * `need`: the view is for roles holding any of these permissions; the menu leaves it out for the others, and opened
 * by its URL it says it is not available for the role (the server checks every call again).
 */
const ROUTES: Record<
  string,
  { title: MessageKey; load: ViewLoader; nav?: boolean; need?: readonly Action[] }
> = {
  "/": { title: "nav.overview", load: () => import("./views/home"), nav: true, need: ["view"] },
  "/explorer": { title: "nav.explorer", load: () => import("./views/explorer"), nav: true, need: ["view"] },
  "/clusters": { title: "nav.clusters", load: () => import("./views/clusters"), nav: true, need: ["view"] },
  // Prosecutors open a complaint's trace read-only and export its package; investigators run traces.
  "/trace": { title: "nav.trace", load: () => import("./views/trace"), nav: true, need: ["trace", "export"] },
  "/recovery": {
    title: "nav.recovery",
    load: () => import("./views/recovery"),
    nav: true,
    need: ["recovery"],
  },
  "/upload": { title: "nav.upload", load: () => import("./views/upload"), nav: true, need: ["upload"] },
  // The alert queue and the cases list; prosecutors see the cases referred to them there.
  "/queue": { title: "nav.queue", load: () => import("./views/queue"), nav: true, need: ["alerts", "cases"] },
  "/case": { title: "nav.queue", load: () => import("./views/case"), need: ["cases", "casework"] },
  "/admin": { title: "nav.admin", load: () => import("./views/admin"), nav: true, need: ["users", "audit"] },
};

/** May the signed-in role open this route? */
function allowed(ctx: AppContext, route: { need?: readonly Action[] }): boolean {
  return !route.need || route.need.some((a) => ctx.can(a));
}

export async function startApp(root: HTMLElement): Promise<void> {
  applyLang();
  const me = await api.me();
  if (!me) {
    const { renderLogin } = await import("./views/login");
    renderLogin(root, () => void startApp(root));
    return;
  }
  let current: View | null = null;
  let canvasPair: { canvas: GraphCanvas; host: HTMLElement } | null = null;
  const main = el("main", { class: "view" });
  const granted = grantedActions(me);
  const toasts = el("div", { class: "toasts" });

  const ctx: AppContext = {
    me,
    can: (action) => granted.has(action),
    navigate(path, params = {}, opts = {}) {
      const u = new URL(path, location.origin);
      for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") u.searchParams.set(k, v);
      if (opts.replace) history.replaceState(null, "", u);
      else history.pushState(null, "", u);
      void route();
    },
    setParams(params) {
      const u = new URL(location.href);
      for (const [k, v] of Object.entries(params)) {
        if (v === undefined || v === "") u.searchParams.delete(k);
        else u.searchParams.set(k, v);
      }
      history.replaceState(null, "", u);
    },
    canvas() {
      if (!canvasPair) {
        const host = el("div", { class: "canvas-host", dataset: { testid: "graph" } });
        // sigma needs a sized container at creation time: attach off-screen first.
        host.style.width = "800px";
        host.style.height = "600px";
        document.body.appendChild(host);
        const canvas = new GraphCanvas(host);
        host.style.width = "";
        host.style.height = "";
        canvasPair = { canvas, host };
        (window as unknown as { __mulegraph: unknown }).__mulegraph = { canvas };
      }
      return canvasPair;
    },
    toast(message, kind = "info") {
      const t = el("div", { class: `toast ${kind}`, dataset: { testid: "toast" } }, message);
      toasts.appendChild(t);
      setTimeout(() => t.remove(), kind === "error" ? 8000 : 4000);
    },
  };

  const nav = el(
    "nav",
    {},
    ...Object.entries(ROUTES)
      .filter(([, r]) => r.nav && allowed(ctx, r))
      .map(([path, r]) =>
        el(
          "a",
          {
            href: path,
            dataset: { nav: path },
            on: {
              click: (e) => {
                e.preventDefault();
                ctx.navigate(path);
              },
            },
          },
          t(r.title),
        ),
      ),
  );
  const header = el(
    "header",
    {},
    el("strong", { class: "brand" }, t("app.brand")),
    nav,
    ctx.can("search") ? searchBox(ctx) : el("div", { class: "search" }),
    languageSwitch(),
    el(
      "span",
      { class: "who", dataset: { testid: "who" } },
      `${me.username} (${t(`role.${me.role}`)}) `,
      el(
        "button",
        {
          class: "link",
          on: {
            click: async () => {
              await api.logout();
              location.href = "/";
            },
          },
        },
        t("app.logout"),
      ),
    ),
  );
  // Above every view: a load that did not complete, so nobody takes what the views show for the whole case.
  const { loadsNotice } = await import("./views/loads-notice");
  const notice = loadsNotice(ctx, () => void route());
  replace(root, header, notice.element, main, toasts);
  await notice.refresh();

  async function route(): Promise<void> {
    document.body.dataset.ready = "";
    current?.leave?.();
    const r = ROUTES[location.pathname] ?? ROUTES["/"]!;
    document.title = `${t(r.title)} · ${t("app.brand")}`;
    for (const a of nav.querySelectorAll("a"))
      a.classList.toggle("active", a.dataset.nav === location.pathname);
    main.replaceChildren();
    if (!allowed(ctx, r)) {
      current = null;
      main.append(
        el("h1", {}, t(r.title)),
        el(
          "p",
          { class: "error", dataset: { testid: "not-available" } },
          t("app.notAvailable", { role: t(`role.${ctx.me.role}`) }),
        ),
        el("p", { class: "muted" }, t("app.notAvailableHint")),
      );
      document.body.dataset.ready = location.pathname;
      return;
    }
    const mod = await r.load();
    current = mod.view(ctx);
    try {
      await current.render(main, new URL(location.href).searchParams);
    } catch (err) {
      main.appendChild(el("p", { class: "error" }, t("app.viewFailed", { message: errorMessage(err) })));
    }
    document.body.dataset.ready = location.pathname;
  }

  window.addEventListener("popstate", () => void route());
  await route();
}

/** Header search: results as you type (debounced), "More results" pages on, Enter opens the first hit in the explorer. */
function searchBox(ctx: AppContext): HTMLElement {
  const input = el("input", {
    type: "search",
    placeholder: t("search.placeholder"),
    dataset: { testid: "search" },
  });
  const list = el("ul", { class: "search-results", dataset: { testid: "search-results" } });
  const PAGE = 15;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let seq = 0;
  const open = (hit: SearchHit) => {
    list.replaceChildren();
    input.value = "";
    ctx.navigate("/explorer", { ids: hit.id, sel: hit.id });
  };
  let hits: SearchHit[] = [];
  const item = (h: SearchHit) =>
    el(
      "li",
      { on: { mousedown: () => open(h) } },
      el("span", { class: "tag" }, h.type),
      " ",
      h.label || h.key,
      " ",
      el("small", {}, h.matched === "name" || h.label === h.key ? h.key : `${h.key} · ${h.matched}`),
    );
  /** Show one page: the first replaces the list, later ones replace the "More results" row they were asked from. */
  const show = async (q: string, offset: number) => {
    const mine = ++seq;
    try {
      const r = await api.search(q, PAGE, offset);
      if (mine !== seq) return;
      hits = offset === 0 ? r.hits : [...hits, ...r.hits];
      const rows = r.hits.map(item);
      if (offset === 0 && rows.length === 0) rows.push(el("li", { class: "muted" }, t("search.noMatch")));
      if (r.next !== null) {
        const next = r.next;
        const more: HTMLLIElement = el(
          "li",
          {
            class: "more",
            dataset: { testid: "search-more" },
            // mousedown, not click: the input must keep focus or blur closes the list.
            on: {
              mousedown: (e: Event) => {
                e.preventDefault();
                more.remove();
                void show(q, next);
              },
            },
          },
          t("search.more"),
        );
        rows.push(more);
      }
      if (offset === 0) list.replaceChildren(...rows);
      else list.append(...rows);
    } catch (err) {
      ctx.toast(errorMessage(err), "error");
    }
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 2) {
      list.replaceChildren();
      return;
    }
    timer = setTimeout(() => void show(q, 0), 200);
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && hits[0]) open(hits[0]);
    if (e.key === "Escape") list.replaceChildren();
  });
  input.addEventListener("blur", () => setTimeout(() => list.replaceChildren(), 150));
  return el("div", { class: "search" }, input, list);
}

/** The language switch: the choice is remembered and the page reloads in the new language. */
export function languageSwitch(): HTMLElement {
  const select = el(
    "select",
    { class: "lang", title: t("app.language"), dataset: { testid: "language" } },
    ...LANGS.map((l) => el("option", { value: l }, LANG_NAMES[l])),
  );
  select.value = lang();
  select.addEventListener("change", () => {
    if (!isLang(select.value)) return;
    setLang(select.value);
    location.reload();
  });
  return select;
}
