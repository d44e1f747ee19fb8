/** The login screen. */
import { api } from "../api";
import { el, replace } from "../dom";

export function renderLogin(root: HTMLElement, onDone: () => void): void {
  const username = el("input", {
    name: "username",
    placeholder: "User name",
    dataset: { testid: "username" },
  });
  const password = el("input", {
    name: "password",
    type: "password",
    placeholder: "Password",
    dataset: { testid: "password" },
  });
  const message = el("p", { class: "error", dataset: { testid: "login-error" } });
  const form = el(
    "form",
    {
      class: "login",
      on: {
        submit: async (e) => {
          e.preventDefault();
          message.textContent = "";
          try {
            await api.login(username.value, password.value);
            onDone();
          } catch (err) {
            message.textContent = (err as Error).message;
          }
        },
      },
    },
    el("h1", {}, "Mulegraph"),
    el(
      "p",
      { class: "muted" },
      "Money-mule network analysis. Every view and export is recorded in the audit trail.",
    ),
    username,
    password,
    el("button", { type: "submit", dataset: { testid: "login" } }, "Log in"),
    message,
  );
  replace(root, form);
  document.title = "Log in · Mulegraph";
  document.body.dataset.ready = "login";
  username.focus();
}
