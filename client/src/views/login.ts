/** The login screen. */
import { api } from "../api";
import { languageSwitch } from "../app";
import { el, replace } from "../dom";
import { errorMessage } from "../i18n/errors";
import { t } from "../i18n/index";

export function renderLogin(root: HTMLElement, onDone: () => void): void {
  const username = el("input", {
    name: "username",
    placeholder: t("login.username"),
    dataset: { testid: "username" },
  });
  const password = el("input", {
    name: "password",
    type: "password",
    placeholder: t("login.password"),
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
            message.textContent = errorMessage(err);
          }
        },
      },
    },
    el("h1", {}, t("app.brand")),
    el("p", { class: "muted" }, t("login.about")),
    username,
    password,
    el("button", { type: "submit", dataset: { testid: "login" } }, t("login.submit")),
    message,
    el("p", { class: "lang-row" }, languageSwitch()),
  );
  replace(root, form);
  document.title = `${t("login.title")} · ${t("app.brand")}`;
  document.body.dataset.ready = "login";
  username.focus();
}
