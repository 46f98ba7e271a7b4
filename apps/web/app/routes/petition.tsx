import { data, Form, Link, useNavigation } from "react-router";
import { signedIn } from "../context.ts";
import { formatDate, formatDateTime, formatNumber } from "../format.ts";
import { GatewayProblem } from "../server/gateway.server.ts";
import {
  eventName,
  labelOf,
  petitionChoices,
  statusBadge,
  workingDaysLeft,
} from "../server/petitions.server.ts";
import { formProblem } from "../server/problems.server.ts";
import { staffGateway } from "../server/staff-gateway.server.ts";
import { Badge, Notice } from "../ui/components.tsx";
import type { Route } from "./+types/petition";

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `Kiến nghị ${loaderData?.petition.reference ?? ""} — Ban Dân vận` },
];

interface Petition {
  id: string;
  reference: string;
  unitCode: string;
  source: string;
  kind?: string;
  topics: string[];
  status: string;
  receivedAt: string;
  agencyCode?: string;
  onHold: boolean;
  dueSoon: boolean;
  overdue: boolean;
  deadline?: {
    dueAt: string;
    workingDays: number;
    pausedAt?: string;
    remainingWorkingDays?: number;
  };
  extension?: { workingDays: number; reason: string; status: "requested" | "approved" | "denied" };
  answer?: { text: string; status: string; publishedAt?: string };
  content: string;
  version: number;
  actions: string[];
  petitioner: {
    anonymous: boolean;
    name?: string;
    phone?: string;
    email?: string;
    address?: string;
  };
  acknowledgement: { dueAt: string; acknowledgedAt?: string };
}

/**
 * The commands a button gives, with nothing to fill in: shown when the API lists them among the
 * petition's `actions` (what the caller may do to it now). Commands that need a form come with
 * their forms.
 */
const BUTTONS: Record<string, string> = {
  acknowledge: "Xác nhận đã tiếp nhận",
  "start-work": "Bắt đầu giải quyết",
  resume: "Tiếp tục giải quyết",
  "approve-extension": "Đồng ý gia hạn",
  "approve-answer": "Duyệt trả lời",
  "publish-answer": "Công bố trả lời",
  resolve: "Xác nhận đã giải quyết",
};

interface Timeline {
  entries: { version: number; type: string; at: string; actor: string }[];
}

const EXTENSION = {
  requested: "đang chờ duyệt",
  approved: "đã được duyệt",
  denied: "không được duyệt",
};

export async function loader({ request, context, params }: Route.LoaderArgs) {
  if (!/^[0-9a-f-]{36}$/i.test(params.id)) {
    throw data({ title: "Không có kiến nghị này" }, { status: 404 });
  }
  const gateway = staffGateway({ request, context });
  try {
    const [petition, timeline] = await Promise.all([
      gateway.get<Petition>(`/api/v1/dialogues/petitions/${params.id}`),
      gateway.get<Timeline>(`/api/v1/dialogues/petitions/${params.id}/timeline`),
    ]);
    const left =
      petition.deadline && !petition.onHold ? workingDaysLeft(petition.deadline.dueAt) : undefined;
    return {
      petition: {
        ...petition,
        statusBadge: statusBadge(petition),
        sourceName: labelOf(petitionChoices.sources, petition.source),
        kindName: petition.kind ? labelOf(petitionChoices.kinds, petition.kind) : undefined,
        workingDaysLeft: left,
        buttons: petition.actions
          .filter((action) => action in BUTTONS)
          .map((action) => ({ action, label: BUTTONS[action] as string })),
        csrf: context.get(signedIn)?.csrf ?? "",
      },
      timeline: timeline.entries.map((entry) => ({
        version: entry.version,
        at: entry.at,
        actor: entry.actor,
        what: eventName(entry.type),
      })),
    };
  } catch (error) {
    // Outside the user's scope the service answers as if it did not exist (404), or 403: the
    // page says what it said.
    if (error instanceof GatewayProblem) {
      throw data({ title: error.message, detail: error.detail }, { status: error.status });
    }
    throw error;
  }
}

/**
 * A button's command, sent to the API as the signed-in user on the version the page showed
 * (If-Match): a petition changed meanwhile is refused (409) and the page says so.
 */
export async function action({ request, context, params }: Route.ActionArgs) {
  const form = await request.formData();
  const command = String(form.get("action") ?? "");
  if (!Object.hasOwn(BUTTONS, command) || !/^[0-9a-f-]{36}$/i.test(params.id)) {
    return data({ done: undefined, problem: "Thao tác không hợp lệ." }, { status: 400 });
  }
  try {
    await staffGateway({ request, context }).post(
      `/api/v1/dialogues/petitions/${params.id}/${command}`,
      {},
      { "if-match": `"${String(form.get("version") ?? "")}"` },
    );
    return { done: BUTTONS[command], problem: undefined };
  } catch (error) {
    const problem = formProblem(error, "Chưa thực hiện được thao tác.");
    return data(
      { done: undefined, problem: problem.message },
      { status: error instanceof GatewayProblem ? error.status : 400 },
    );
  }
}

function Deadline({ petition }: { petition: Route.ComponentProps["loaderData"]["petition"] }) {
  const { deadline } = petition;
  if (!deadline) return <p>Chưa tính thời hạn (kiến nghị chưa được giao cơ quan giải quyết).</p>;
  return (
    <dl className="facts">
      <dt>Hạn giải quyết</dt>
      <dd>
        {formatDate(deadline.dueAt)} ({formatNumber(deadline.workingDays)} ngày làm việc)
      </dd>
      <dt>Còn lại</dt>
      <dd>
        {petition.onHold
          ? `Tạm dừng từ ${formatDate(deadline.pausedAt ?? "")}; còn ${formatNumber(deadline.remainingWorkingDays ?? 0)} ngày làm việc khi tiếp tục`
          : petition.workingDaysLeft === undefined
            ? "—"
            : petition.workingDaysLeft >= 0
              ? `${formatNumber(petition.workingDaysLeft)} ngày làm việc`
              : `Quá hạn ${formatNumber(-petition.workingDaysLeft)} ngày làm việc`}
      </dd>
      {petition.extension ? (
        <>
          <dt>Gia hạn</dt>
          <dd>
            {formatNumber(petition.extension.workingDays)} ngày làm việc,{" "}
            {EXTENSION[petition.extension.status]} — {petition.extension.reason}
          </dd>
        </>
      ) : null}
    </dl>
  );
}

/** A petition: what it says, where it stands, its deadline, and everything that happened to it. */
export default function PetitionPage({ loaderData, actionData }: Route.ComponentProps) {
  const { petition, timeline } = loaderData;
  const navigation = useNavigation();
  return (
    <div className="stack">
      <p>
        <Link to="/kien-nghi">‹ Danh sách kiến nghị</Link>
      </p>
      <h1>Kiến nghị {petition.reference}</h1>
      <p>
        <Badge tone={petition.statusBadge.tone}>{petition.statusBadge.label}</Badge>
      </p>
      {actionData?.done ? <Notice tone="good">Đã thực hiện: {actionData.done}.</Notice> : null}
      {actionData?.problem ? <Notice tone="bad">{actionData.problem}</Notice> : null}
      {petition.buttons.length > 0 ? (
        <Form method="post" className="row" aria-label="Thao tác">
          <input type="hidden" name="csrf" value={petition.csrf} />
          <input type="hidden" name="version" value={petition.version} />
          {petition.buttons.map((button) => (
            <button
              key={button.action}
              type="submit"
              name="action"
              value={button.action}
              className="button"
              disabled={navigation.state === "submitting"}
            >
              {button.label}
            </button>
          ))}
        </Form>
      ) : null}
      <section className="card stack" aria-labelledby="noi-dung-kien-nghi">
        <h2 id="noi-dung-kien-nghi">Nội dung</h2>
        <p className="prose">{petition.content}</p>
        <dl className="facts">
          <dt>Ngày nhận</dt>
          <dd>{formatDate(petition.receivedAt)}</dd>
          <dt>Đơn vị</dt>
          <dd>{petition.unitCode}</dd>
          <dt>Nguồn</dt>
          <dd>{petition.sourceName}</dd>
          <dt>Loại</dt>
          <dd>{petition.kindName ?? "Chưa phân loại"}</dd>
          <dt>Lĩnh vực</dt>
          <dd>{petition.topics.length > 0 ? petition.topics.join(", ") : "—"}</dd>
          <dt>Cơ quan giải quyết</dt>
          <dd>{petition.agencyCode ?? "Chưa giao"}</dd>
          <dt>Người gửi</dt>
          <dd>
            {petition.petitioner.anonymous
              ? "Ẩn danh"
              : [petition.petitioner.name, petition.petitioner.phone, petition.petitioner.email]
                  .filter(Boolean)
                  .join(" · ")}
          </dd>
          <dt>Xác nhận tiếp nhận</dt>
          <dd>
            {petition.acknowledgement.acknowledgedAt
              ? `Đã xác nhận ngày ${formatDate(petition.acknowledgement.acknowledgedAt)}`
              : `Chưa xác nhận; hạn ${formatDate(petition.acknowledgement.dueAt)}`}
          </dd>
        </dl>
      </section>
      <section className="card stack" aria-labelledby="thoi-han">
        <h2 id="thoi-han">Thời hạn</h2>
        <Deadline petition={petition} />
      </section>
      {petition.answer ? (
        <section className="card stack" aria-labelledby="tra-loi">
          <h2 id="tra-loi">Trả lời</h2>
          <p className="prose">{petition.answer.text}</p>
        </section>
      ) : null}
      <section className="card stack" aria-labelledby="dong-thoi-gian">
        <h2 id="dong-thoi-gian">Dòng thời gian</h2>
        <ol className="timeline">
          {timeline.map((entry) => (
            <li key={entry.version}>
              <time dateTime={entry.at}>{formatDateTime(entry.at)}</time> — {entry.what}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
