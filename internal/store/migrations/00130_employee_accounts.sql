-- +goose Up
-- The WeCom accounts an employee has had: a mobile change (seed rule b) is
-- a new account with a new userid, and the employee's conversation history,
-- search by employee and exports span every account of the lineage.
CREATE TABLE employee_accounts (
    corp_id       TEXT NOT NULL REFERENCES corps(corp_id),
    userid        TEXT NOT NULL,
    employee_id   TEXT NOT NULL,
    successor     TEXT NOT NULL DEFAULT '',
    rule          TEXT NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (corp_id, userid)
);
CREATE INDEX employee_accounts_employee ON employee_accounts (corp_id, employee_id);

-- +goose Down
DROP TABLE employee_accounts;
