/** Entry point of the web client. */
import "./styles.css";
import { startApp } from "./app";

void startApp(document.getElementById("app")!);
