"""The server's schema: ordered, named migrations, one source for both stores.

Written in the SQL both databases read; ``backend.store.postgresql`` translates the two type
names that differ. Each migration is applied once, in order, in a transaction, and recorded
in ``_migration``; a database that records a migration this version does not know was written
by a newer Guichet and is refused.
"""

from __future__ import annotations

import sqlite3

from backend.store.base import StoreRefused

MIGRATIONS: tuple[tuple[str, str], ...] = (
    (
        "0001_programme",
        """
        CREATE TABLE meeting (
            id TEXT PRIMARY KEY,              -- 2026-11-21/R1
            day TEXT NOT NULL,
            number INTEGER NOT NULL,
            racecourse TEXT NOT NULL
        );
        CREATE TABLE race (
            id TEXT PRIMARY KEY,              -- 2026-11-21/R1C3
            meeting_id TEXT NOT NULL REFERENCES meeting(id),
            number INTEGER NOT NULL,
            name TEXT NOT NULL,
            post_time TEXT NOT NULL,          -- ISO 8601, UTC
            status TEXT NOT NULL,
            bet_types TEXT NOT NULL,          -- JSON list
            rules TEXT NOT NULL,              -- JSON: overrides per bet type
            result TEXT                       -- JSON list of places, once known
        );
        CREATE TABLE runner (
            race_id TEXT NOT NULL REFERENCES race(id),
            number INTEGER NOT NULL,
            name TEXT NOT NULL,
            jockey TEXT NOT NULL DEFAULT '',
            scratched INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (race_id, number)
        );
        """,
    ),
    (
        "0002_terminals_and_bets",
        """
        CREATE TABLE terminal (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            secret BLOB NOT NULL,             -- HMAC key; never logged
            created_at TEXT NOT NULL
        );
        CREATE TABLE bet (
            id TEXT PRIMARY KEY,              -- the client's transaction UUID
            body_hash TEXT NOT NULL,          -- SHA-256 of the canonical request
            ticket_number TEXT NOT NULL UNIQUE,
            terminal_id TEXT NOT NULL REFERENCES terminal(id),
            race_id TEXT NOT NULL REFERENCES race(id),
            bet_type TEXT NOT NULL,
            formula TEXT NOT NULL,
            base TEXT NOT NULL,               -- JSON list
            runners TEXT NOT NULL,            -- JSON list
            complete INTEGER NOT NULL,
            multiplier INTEGER NOT NULL,
            unit_stake INTEGER NOT NULL,      -- cents
            cost INTEGER NOT NULL,            -- cents
            status TEXT NOT NULL,             -- ACCEPTED, CANCELLED, WINNING, LOSING, ...
            accepted_at TEXT NOT NULL,
            cancelled_at TEXT
        );
        CREATE TABLE ticket_counter (
            day TEXT PRIMARY KEY,             -- YYMMDD of the server's clock, UTC
            last INTEGER NOT NULL
        );
        CREATE INDEX bet_by_race ON bet(race_id, status);
        CREATE INDEX bet_by_terminal ON bet(terminal_id, accepted_at);
        """,
    ),
    (
        "0003_journal",
        """
        CREATE TABLE journal (
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            kind TEXT NOT NULL,
            payload TEXT NOT NULL,            -- canonical JSON
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        );
        """,
    ),
    (
        "0004_results_and_payouts",
        """
        CREATE TABLE setting (
            key TEXT PRIMARY KEY,
            value BLOB NOT NULL
        );
        ALTER TABLE bet ADD COLUMN payout_cents INTEGER;  -- what the ticket pays, once settled
        CREATE TABLE dividend (
            race_id TEXT NOT NULL REFERENCES race(id),
            bet_type TEXT NOT NULL,
            rank TEXT NOT NULL,
            runners TEXT NOT NULL,            -- JSON list
            dividend TEXT NOT NULL,           -- exact decimal per 1 unit staked
            official INTEGER NOT NULL
        );
        CREATE INDEX dividend_by_race ON dividend(race_id);
        CREATE TABLE payout (
            bet_id TEXT PRIMARY KEY REFERENCES bet(id),  -- a ticket is paid once, ever
            transaction_id TEXT NOT NULL UNIQUE,
            terminal_id TEXT NOT NULL REFERENCES terminal(id),
            amount_cents INTEGER NOT NULL,
            method TEXT NOT NULL,
            payee TEXT,                       -- JSON identity, required above the threshold
            paid_at TEXT NOT NULL
        );
        """,
    ),
    (
        "0005_terminal_state_and_shifts",
        """
        ALTER TABLE terminal ADD COLUMN last_seen TEXT;
        ALTER TABLE terminal ADD COLUMN last_status TEXT;  -- JSON, as the terminal reported it
        CREATE TABLE shift (
            id TEXT PRIMARY KEY,              -- the terminal's UUID for it
            terminal_id TEXT NOT NULL REFERENCES terminal(id),
            opened_at TEXT NOT NULL,
            closed_at TEXT
        );
        CREATE INDEX shift_by_terminal ON shift(terminal_id, opened_at);
        CREATE INDEX bet_by_cancel ON bet(terminal_id, cancelled_at);
        CREATE INDEX payout_by_terminal ON payout(terminal_id, paid_at);
        """,
    ),
    (
        "0006_refusals",
        """
        CREATE TABLE refusal (
            id TEXT PRIMARY KEY,              -- the client's transaction UUID
            body_hash TEXT NOT NULL,
            terminal_id TEXT NOT NULL,
            code TEXT NOT NULL,
            status INTEGER NOT NULL,
            detail TEXT NOT NULL,
            refused_at TEXT NOT NULL
        );
        """,
    ),
    (
        "0007_vouchers",
        """
        CREATE TABLE voucher (
            number TEXT PRIMARY KEY,          -- 14 digits as tickets; 12 for a legacy voucher
            barcode TEXT NOT NULL UNIQUE,
            transaction_id TEXT NOT NULL UNIQUE,  -- the issuing terminal's UUID for it
            terminal_id TEXT NOT NULL REFERENCES terminal(id),
            amount_cents INTEGER NOT NULL,
            reason TEXT NOT NULL,             -- cash_out, idle, legacy
            issued_at TEXT NOT NULL,
            expires_at TEXT NOT NULL
        );
        CREATE INDEX voucher_by_terminal ON voucher(terminal_id, issued_at);
        CREATE TABLE voucher_counter (
            day TEXT PRIMARY KEY,             -- YYMMDD of the server's clock, UTC
            last INTEGER NOT NULL
        );
        CREATE TABLE voucher_redemption (
            voucher_number TEXT PRIMARY KEY REFERENCES voucher(number),  -- paid once, ever
            transaction_id TEXT NOT NULL UNIQUE,
            terminal_id TEXT NOT NULL REFERENCES terminal(id),
            method TEXT NOT NULL,             -- cash (a counter), credit (a kiosk)
            redeemed_at TEXT NOT NULL
        );
        CREATE INDEX redemption_by_terminal ON voucher_redemption(terminal_id, redeemed_at);
        """,
    ),
    (
        "0008_several_writers",
        """
        CREATE TABLE journal_chained (
            chain INTEGER NOT NULL,           -- its writer's chain (backend.journal); 0 alone
            seq INTEGER NOT NULL,             -- 1, 2, 3… within the chain
            at TEXT NOT NULL,
            kind TEXT NOT NULL,
            payload TEXT NOT NULL,            -- canonical JSON
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL,
            PRIMARY KEY (chain, seq)
        );
        INSERT INTO journal_chained (chain, seq, at, kind, payload, prev_hash, hash)
            SELECT 0, seq, at, kind, payload, prev_hash, hash FROM journal;
        DROP TABLE journal;
        ALTER TABLE journal_chained RENAME TO journal;
        ALTER TABLE race ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;  -- +1 at every change
        ALTER TABLE dividend ADD COLUMN position INTEGER NOT NULL DEFAULT 0;  -- settlement's order
        """,
    ),
    (
        "0009_live_events_and_nonces",
        """
        CREATE TABLE live_event (             -- what every worker relays (backend.live)
            race_id TEXT NOT NULL,
            kind TEXT NOT NULL,               -- race, odds
            version INTEGER NOT NULL,         -- grows with every event, across leaders
            body TEXT NOT NULL,               -- the event as published, JSON
            revision INTEGER NOT NULL,        -- the race's revision it shows
            bets INTEGER NOT NULL,            -- odds: the win pool's bets and stakes it shows
            staked INTEGER NOT NULL,
            PRIMARY KEY (race_id, kind)
        );
        CREATE INDEX live_event_by_version ON live_event(version);
        CREATE TABLE nonce (                  -- nonces seen by any worker (backend.nonces)
            nonce TEXT PRIMARY KEY,
            expires_at INTEGER NOT NULL       -- Unix time: forgotten after it
        );
        CREATE INDEX nonce_by_expiry ON nonce(expires_at);
        """,
    ),
    (
        "0010_operators",
        """
        CREATE TABLE operator (               -- who works the console (backend.operators)
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL,               -- race-office, supervisor, admin
            password_hash TEXT NOT NULL,      -- argon2id, with its own salt and parameters
            created_at TEXT NOT NULL,
            failures INTEGER NOT NULL DEFAULT 0,  -- wrong passwords in a row
            locked_until TEXT,                -- after too many of them
            disabled_at TEXT
        );
        """,
    ),
    (
        "0011_console",
        """
        CREATE TABLE console_session (        -- an operator logged in (backend.console_sessions)
            token_hash TEXT PRIMARY KEY,      -- SHA-256 of the cookie: a leaked table opens none
            operator TEXT NOT NULL REFERENCES operator (name),
            csrf TEXT NOT NULL,               -- the token every form of this session carries
            created_at TEXT NOT NULL,
            seen_at TEXT NOT NULL,            -- idle sessions expire
            ended_at TEXT
        );
        CREATE TABLE official_proposal (      -- an official result awaiting a second operator
            race_id TEXT PRIMARY KEY REFERENCES race (id),
            places TEXT NOT NULL,             -- JSON, as the result takes them
            proposed_by TEXT NOT NULL,
            proposed_at TEXT NOT NULL
        );
        ALTER TABLE terminal ADD COLUMN disabled_at TEXT;  -- refused from then on
        -- the console operator who first acted on a race: automation (the demo's simulated
        -- race office) leaves it alone from then on
        ALTER TABLE race ADD COLUMN taken_over_by TEXT;
        """,
    ),
    (
        "0012_unwon_pools",
        """
        CREATE TABLE unwon_pool (             -- what became of a pool nobody won (backend.unwon)
            race_id TEXT NOT NULL REFERENCES race(id),
            bet_type TEXT NOT NULL,
            outcome TEXT NOT NULL,            -- refunded (nobody won), carried (to the jackpot)
            amount TEXT NOT NULL,             -- exact decimal euros refunded or carried
            ranks TEXT NOT NULL,              -- JSON list of the ranks carried; [] if refunded
            official INTEGER NOT NULL,
            PRIMARY KEY (race_id, bet_type)
        );
        """,
    ),
    (
        "0013_pmu_import",
        """
        CREATE TABLE pmu_race (               -- a race imported from the PMU's feed (pmu_import)
            race_id TEXT PRIMARY KEY REFERENCES race(id),
            utc_offset INTEGER NOT NULL,      -- the feed's timezoneOffset, in minutes east of UTC
            feed_status TEXT NOT NULL,        -- the feed's statut when last imported
            imported_at TEXT NOT NULL
        );
        CREATE TABLE pmu_pool (               -- every point-of-sale pool of an imported race
            race_id TEXT NOT NULL REFERENCES race(id),
            code TEXT NOT NULL,               -- the feed's codePari: SIMPLE_GAGNANT, MINI_MULTI...
            bet_type TEXT,                    -- the bet type Guichet sells it as; NULL: not on sale
            base_stake INTEGER,               -- cents (miseBase); NULL where the feed gives none
            max_stake INTEGER,                -- cents; NULL: no maximum
            flags TEXT NOT NULL,              -- JSON: Spot, Flexi, replacement horse, Jackpot, ...
            position INTEGER NOT NULL,        -- its place in the feed's list
            PRIMARY KEY (race_id, code)
        );
        """,
    ),
    (
        "0014_login_throttle",
        """
        -- wrong passwords are counted per name and client address (backend.login_throttle),
        -- no longer per name: a name's count and lock go, and the locks they held with them
        CREATE TABLE login_throttle (
            name TEXT NOT NULL,               -- as typed: a name that does not exist too
            address TEXT NOT NULL,            -- the client's, as the trusted proxy gives it
            failures INTEGER NOT NULL,        -- wrong passwords in a row from there
            locked_until TEXT,                -- ISO 8601: no attempt from there checked before
            last_failure_at TEXT NOT NULL,    -- counts idle for a day are deleted
            PRIMARY KEY (name, address)
        );
        CREATE INDEX login_throttle_by_age ON login_throttle(last_failure_at);
        ALTER TABLE operator DROP COLUMN failures;
        ALTER TABLE operator DROP COLUMN locked_until;
        -- a password an administrator reset: to be changed at the next login
        ALTER TABLE operator ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
        """,
    ),
)


def statements(sql: str) -> list[str]:
    """Split a migration into statements (executescript would commit on its own)."""
    parts, current = [], []
    for line in sql.splitlines():
        current.append(line.split("--", 1)[0])
        candidate = "\n".join(current)
        if candidate.strip().endswith(";") and sqlite3.complete_statement(candidate):
            parts.append(candidate.strip())
            current = []
    return [p for p in parts if p.strip(" ;\n")]


def refuse_newer(done: set[str]) -> None:
    """Refuse a database that records a migration this version does not know."""
    unknown = done - {name for name, _ in MIGRATIONS}
    if unknown:
        raise StoreRefused(
            f"the database has migrations this version does not know: {sorted(unknown)}; "
            "it was written by a newer Guichet"
        )
