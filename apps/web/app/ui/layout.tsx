import { Form, NavLink } from "react-router";

export interface HeaderUser {
  displayName: string;
  username: string;
  roles: string[];
  csrf: string;
}

/** The commission's identity, the staff's menu when signed in, and the way in or out. */
export function PageHeader(props: { user: HeaderUser | null }) {
  const { user } = props;
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <a className="brand" href="/">
          <span className="brand__emblem" aria-hidden="true">
            ★
          </span>
          <span>
            <span className="brand__over">Tỉnh ủy</span>
            <span className="brand__name">Ban Dân vận</span>
          </span>
        </a>
        <nav aria-label="Chính" className="site-nav">
          {user ? (
            <>
              <NavLink to="/bang-dieu-khien">Bảng điều khiển</NavLink>
              <NavLink to="/kien-nghi">Kiến nghị</NavLink>
              <NavLink to="/canh-bao">Cảnh báo</NavLink>
              <NavLink to="/doi-mat-khau">Đổi mật khẩu</NavLink>
              <span className="site-nav__user" title={user.username}>
                {user.displayName}
              </span>
              <Form method="post" action="/dang-xuat" className="inline-form">
                <input type="hidden" name="csrf" value={user.csrf} />
                <button type="submit" className="button button--quiet">
                  Đăng xuất
                </button>
              </Form>
            </>
          ) : (
            <NavLink to="/dang-nhap">Đăng nhập cán bộ</NavLink>
          )}
        </nav>
      </div>
    </header>
  );
}

export function PageFooter() {
  return (
    <footer className="site-footer">
      <div className="site-footer__inner">
        <p>
          <strong>Ban Dân vận Tỉnh ủy</strong> — “Dân biết, dân bàn, dân làm, dân kiểm tra, dân giám
          sát, dân thụ hưởng”.
        </p>
        <p>Hệ thống thông tin công tác dân vận.</p>
      </div>
    </footer>
  );
}
