import { Form, Link } from "react-router";
import { formatDate, formatNumber } from "../format.ts";
import { GatewayProblem } from "../server/gateway.server.ts";
import type { Choice } from "../server/petitions.server.ts";
import { labelOf, petitionChoices, statusBadge } from "../server/petitions.server.ts";
import { staffGateway } from "../server/staff-gateway.server.ts";
import { Badge, Notice, Pager } from "../ui/components.tsx";
import type { Route } from "./+types/petitions";

export const meta: Route.MetaFunction = () => [{ title: "Kiến nghị — Ban Dân vận" }];

const PAGE_SIZE = 20;

interface PetitionItem {
  id: string;
  reference: string;
  unitCode: string;
  receivedAt: string;
  status: string;
  overdue: boolean;
  dueSoon: boolean;
  source: string;
  topics: string[];
  content: string;
  petitioner: { anonymous: boolean; name?: string };
  deadline?: { dueAt: string };
}

/** The filters a list takes, from the page's address: only values the API knows. */
function filtersOf(url: URL) {
  const get = (name: string) => url.searchParams.get(name)?.trim() ?? "";
  const oneOf = (value: string, choices: Choice[]) =>
    choices.some((c) => c.value === value) ? value : "";
  return {
    q: get("q").slice(0, 200),
    family: oneOf(get("family"), petitionChoices.families),
    source: oneOf(get("source"), petitionChoices.sources),
    kind: oneOf(get("kind"), petitionChoices.kinds),
    overdue: get("overdue") === "true" ? "true" : "",
    sort: oneOf(get("sort"), petitionChoices.sorts) || "-receivedAt",
    page: String(Math.max(1, Math.min(10_000, Number(get("page")) || 1))),
  };
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const filters = filtersOf(new URL(request.url));
  const choices = {
    families: petitionChoices.families,
    sources: petitionChoices.sources,
    kinds: petitionChoices.kinds,
    sorts: petitionChoices.sorts,
  };
  try {
    const page = await staffGateway({ request, context }).get<{
      items: PetitionItem[];
      total: number;
      page: number;
      pageSize: number;
    }>("/api/v1/dialogues/petitions", { ...filters, pageSize: String(PAGE_SIZE) });
    return {
      filters,
      choices,
      problem: undefined,
      total: page.total,
      page: page.page,
      pages: Math.max(1, Math.ceil(page.total / page.pageSize)),
      items: page.items.map((p) => ({
        id: p.id,
        reference: p.reference,
        unitCode: p.unitCode,
        receivedAt: p.receivedAt,
        source: labelOf(petitionChoices.sources, p.source),
        topics: p.topics,
        summary: p.content.length > 120 ? `${p.content.slice(0, 117)}…` : p.content,
        petitioner: p.petitioner.anonymous ? "Ẩn danh" : (p.petitioner.name ?? ""),
        status: statusBadge(p),
        dueAt: p.deadline?.dueAt,
      })),
    };
  } catch (error) {
    // A filter the API refuses is said on the page, with an empty list: the filters stay.
    if (!(error instanceof GatewayProblem) || error.status !== 400) throw error;
    return {
      filters,
      choices,
      problem: error.detail ?? error.message,
      total: 0,
      page: 1,
      pages: 1,
      items: [],
    };
  }
}

function Select(props: {
  name: string;
  label: string;
  choices: Choice[];
  value: string;
  any?: string;
}) {
  const id = `loc-${props.name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} name={props.name} defaultValue={props.value}>
        {props.any ? <option value="">{props.any}</option> : null}
        {props.choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The petitions in the user's scope: searched (with or without diacritics), filtered, paged. */
export default function Petitions({ loaderData }: Route.ComponentProps) {
  const { filters, choices, items, total, page, pages, problem } = loaderData;
  const pageHref = (n: number) => `?${new URLSearchParams({ ...filters, page: String(n) })}`;
  return (
    <div className="stack">
      <h1>Kiến nghị, phản ánh</h1>
      <Form method="get" className="card filters" aria-label="Tìm và lọc">
        <div className="field filters__search">
          <label htmlFor="loc-q">Tìm</label>
          <input
            id="loc-q"
            name="q"
            type="search"
            defaultValue={filters.q}
            aria-describedby="loc-q-goi-y"
          />
          <p className="field__hint" id="loc-q-goi-y">
            Số hiệu, nội dung hoặc tên người gửi; gõ có dấu hay không dấu đều được
          </p>
        </div>
        <Select
          name="family"
          label="Tình trạng"
          choices={choices.families}
          value={filters.family}
          any="Tất cả"
        />
        <Select
          name="source"
          label="Nguồn"
          choices={choices.sources}
          value={filters.source}
          any="Tất cả"
        />
        <Select
          name="kind"
          label="Loại"
          choices={choices.kinds}
          value={filters.kind}
          any="Tất cả"
        />
        <Select name="sort" label="Sắp xếp" choices={choices.sorts} value={filters.sort} />
        <div className="field filters__check">
          <label>
            <input
              type="checkbox"
              name="overdue"
              value="true"
              defaultChecked={filters.overdue === "true"}
            />{" "}
            Chỉ quá hạn
          </label>
        </div>
        <button type="submit" className="button">
          Lọc
        </button>
      </Form>
      {problem ? <Notice tone="bad">{problem}</Notice> : null}
      <p className="muted" aria-live="polite">
        {formatNumber(total)} kiến nghị
      </p>
      {items.length === 0 ? (
        <p className="card">Không có kiến nghị nào khớp.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="sr-only">Danh sách kiến nghị</caption>
            <thead>
              <tr>
                <th scope="col">Số hiệu</th>
                <th scope="col">Ngày nhận</th>
                <th scope="col">Nội dung</th>
                <th scope="col">Người gửi</th>
                <th scope="col">Nguồn</th>
                <th scope="col">Tình trạng</th>
                <th scope="col">Hạn</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <th scope="row">
                    <Link to={`/kien-nghi/${item.id}`}>{item.reference}</Link>
                  </th>
                  <td>{formatDate(item.receivedAt)}</td>
                  <td className="wrap">{item.summary}</td>
                  <td>{item.petitioner}</td>
                  <td>{item.source}</td>
                  <td>
                    <Badge tone={item.status.tone}>{item.status.label}</Badge>
                  </td>
                  <td>{item.dueAt ? formatDate(item.dueAt) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={page} pages={pages} href={pageHref} />
    </div>
  );
}
