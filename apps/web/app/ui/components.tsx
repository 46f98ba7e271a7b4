import type { ReactNode } from "react";
import { Link } from "react-router";
import { CHART_SIZES } from "../charts.ts";
import { formatNumber } from "../format.ts";

/** One figure of a dashboard: its name, its value, what it counts from. */
export function FigureCard(props: { label: string; value: string; note?: string; id?: string }) {
  return (
    <li className="card figure" data-figure={props.id}>
      <p className="figure__label">{props.label}</p>
      <p className="figure__value">{props.value}</p>
      {props.note ? <p className="figure__note">{props.note}</p> : null}
    </li>
  );
}

export type BadgeTone = "good" | "warn" | "bad" | "plain";

export function Badge(props: { tone: BadgeTone; children: ReactNode }) {
  return <span className={`badge badge--${props.tone}`}>{props.children}</span>;
}

/**
 * A column header that sorts the table by following a link (so it sorts without JavaScript):
 * ascending first, descending when already ascending.
 */
export function SortHeader(props: {
  label: string;
  column: string;
  sort: string;
  href: (sort: string) => string;
  numeric?: boolean;
}) {
  const ascending = props.sort === props.column;
  const descending = props.sort === `-${props.column}`;
  const next = ascending ? `-${props.column}` : props.column;
  return (
    <th
      scope="col"
      className={props.numeric ? "number" : undefined}
      aria-sort={ascending ? "ascending" : descending ? "descending" : "none"}
    >
      <Link to={props.href(next)} preventScrollReset>
        {props.label}
        <span aria-hidden="true">{ascending ? " ▲" : descending ? " ▼" : ""}</span>
      </Link>
    </th>
  );
}

/** What the API answered a form, above it: its refusal (an alert), or what was done. */
export function Notice(props: { tone: "bad" | "good" | "info"; children: ReactNode }) {
  return (
    <p
      className={props.tone === "info" ? "notice" : `notice notice--${props.tone}`}
      role={props.tone === "bad" ? "alert" : "status"}
    >
      {props.children}
    </p>
  );
}

/** A labelled input with its hint and, when the API refused it, the reason next to it. */
export function Field(props: {
  name: string;
  label: string;
  type?: string;
  error?: string | undefined;
  hint?: string;
  autoComplete?: string;
  defaultValue?: string;
  required?: boolean;
}) {
  const id = `truong-${props.name}`;
  const described = [props.hint ? `${id}-goi-y` : "", props.error ? `${id}-loi` : ""]
    .filter(Boolean)
    .join(" ");
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        autoComplete={props.autoComplete}
        defaultValue={props.defaultValue}
        required={props.required}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={described || undefined}
      />
      {props.hint ? (
        <p className="field__hint" id={`${id}-goi-y`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p className="field__error" id={`${id}-loi`}>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

/**
 * A chart drawn by the server as an image — one drawing for phones, one for wider screens — with
 * its figures in words for whoever cannot see it.
 */
export function ChartImage(props: {
  title: string;
  wide: string;
  narrow: string;
  description: string;
}) {
  return (
    <figure className="card">
      <figcaption>
        <h2>{props.title}</h2>
      </figcaption>
      <picture>
        <source
          media="(max-width: 40rem)"
          srcSet={props.narrow}
          width={CHART_SIZES.narrow.width}
          height={CHART_SIZES.narrow.height}
        />
        <img
          className="chart"
          src={props.wide}
          alt={props.description}
          width={CHART_SIZES.wide.width}
          height={CHART_SIZES.wide.height}
        />
      </picture>
    </figure>
  );
}

/** Previous and next page of a list, as links (they work without JavaScript); none for one page. */
export function Pager(props: { page: number; pages: number; href: (page: number) => string }) {
  const { page, pages, href } = props;
  if (pages <= 1) return null;
  return (
    <nav className="period-picker__steps" aria-label="Trang">
      {page > 1 ? <Link to={href(page - 1)}>‹ Trang trước</Link> : null}
      <span>
        Trang {formatNumber(page)}/{formatNumber(pages)}
      </span>
      {page < pages ? <Link to={href(page + 1)}>Trang sau ›</Link> : null}
    </nav>
  );
}
