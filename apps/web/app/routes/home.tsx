import type { Route } from "./+types/home";

export const meta: Route.MetaFunction = () => [
  { title: "Ban Dân vận Tỉnh ủy — Cổng thông tin công tác dân vận" },
  {
    name: "description",
    content: "Tin tức, đối thoại với nhân dân và kết quả công tác dân vận của tỉnh.",
  },
];

/** The public portal's home: the commission's identity; the news fills it later. */
export default function Home() {
  return (
    <div className="stack">
      <section className="hero stack">
        <h1>Cổng thông tin công tác dân vận</h1>
        <p>
          Ban Dân vận Tỉnh ủy tham mưu, tổ chức thực hiện công tác dân vận của hệ thống chính trị
          trên địa bàn tỉnh: lắng nghe ý kiến, kiến nghị của nhân dân, đối thoại giữa người đứng đầu
          cấp ủy, chính quyền với nhân dân, và thực hiện dân chủ ở cơ sở.
        </p>
        <p className="muted">
          “Dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ hưởng.”
        </p>
      </section>
      <section className="card stack" aria-labelledby="tin-tuc">
        <h2 id="tin-tuc">Tin tức</h2>
        <p className="muted">Tin tức và thông báo của Ban sẽ được đăng tại đây.</p>
      </section>
      <section className="card stack" aria-labelledby="can-bo">
        <h2 id="can-bo">Dành cho cán bộ</h2>
        <p>
          Cán bộ của Ban, của xã, phường và các cơ quan đăng nhập để theo dõi kiến nghị, đối thoại
          và bảng điều khiển.
        </p>
        <p>
          <a href="/dang-nhap">Đăng nhập cán bộ</a>
        </p>
      </section>
    </div>
  );
}
