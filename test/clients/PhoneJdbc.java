//
// test/clients/PhoneJdbc.java: the PostgreSQL JDBC driver (Debian's
// libpostgresql-jdbc-java) against the phone type, as doc/clients.md shows
// it.  Run from the source file: java -cp postgresql.jar PhoneJdbc.java.
// Connects to PGHOST (an address: JDBC speaks TCP), PGPORT, PGDATABASE as
// PGUSER.  Prints "ok - ..." / "FAILED - ..." and "N passed, M failed".
//
import java.sql.*;
import java.util.Properties;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

public class PhoneJdbc {
    static int passed = 0, failed = 0;

    static void check(String what, boolean cond, Object got) {
        if (cond) {
            passed++;
            System.out.println("ok - JDBC: " + what);
        } else {
            failed++;
            System.out.println("FAILED - JDBC: " + what + " (got " + got + ")");
        }
    }

    public static void main(String[] args) throws Exception {
        String env_host = System.getenv("PGHOST"), env_port = System.getenv("PGPORT");
        String url = "jdbc:postgresql://" + env_host + ":" + env_port + "/" + System.getenv("PGDATABASE");
        Properties props = new Properties();
        props.setProperty("user", System.getenv("PGUSER"));
        try (Connection c = DriverManager.getConnection(url, props)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TEMP TABLE contacts (id int PRIMARY KEY, phone phone NOT NULL)");
                s.execute("SET phone.default_region = 'US'");
            }
            // setString sends a varchar parameter: cast it in the SQL (or
            // connect with stringtype=unspecified)
            try (PreparedStatement p = c.prepareStatement("INSERT INTO contacts VALUES (?, ?::phone)")) {
                p.setInt(1, 1);
                p.setString(2, "(415) 555-2671");
                p.executeUpdate();
                p.setInt(1, 2);
                p.setString(2, "+44 20 7031 3000");
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("SELECT id, phone FROM contacts WHERE phone = ?::phone");
                 ResultSet rs = (setAndRun(p, "415.555.2671"))) {
                boolean got = rs.next();
                String v = got ? rs.getString("phone") : null;
                check("getString gives the E.164 text; a parameter cast with ?::phone",
                      got && rs.getInt("id") == 1 && "+14155552671".equals(v), v);
            }
            props.setProperty("stringtype", "unspecified");
            try (Connection c2 = DriverManager.getConnection(url, props);
                 PreparedStatement p = c2.prepareStatement("SELECT phone_region(?)")) {
                p.setString(1, "+44 20 7031 3000");
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    check("stringtype=unspecified: a string parameter becomes a phone without a cast",
                          "GB".equals(rs.getString(1)), rs.getString(1));
                }
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO contacts VALUES (3, ?::phone)")) {
                p.setString(1, "+354 555 123");
                p.executeUpdate();
                check("a refused input raises PSQLException", false, null);
            } catch (PSQLException e) {
                ServerErrorMessage m = e.getServerErrorMessage();
                check("a refused input: SQLState 22P02 and getDetail()",
                      "22P02".equals(e.getSQLState()) && m.getDetail().startsWith("Numbers under +354 (Iceland)"),
                      e.getSQLState() + " " + m.getDetail());
                System.out.println("    " + m.getMessage() + " / detail: " + m.getDetail());
            }
        }
        System.out.println(passed + " passed, " + failed + " failed");
        System.exit(failed == 0 ? 0 : 1);
    }

    static ResultSet setAndRun(PreparedStatement p, String v) throws SQLException {
        p.setString(1, v);
        return p.executeQuery();
    }
}
