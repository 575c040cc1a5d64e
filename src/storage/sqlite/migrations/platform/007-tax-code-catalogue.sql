-- A merchant's tax-code catalogue: 税收分类编码 (19 digits) → goods name (商品和服务税收分类简称),
-- rate and preferential flag (享受优惠政策). Configuration, not a lifecycle step: not on the ledger.
CREATE TABLE tax_code_catalogue (
  merchant_id  TEXT NOT NULL REFERENCES merchants (id),
  code         TEXT NOT NULL CHECK (length(code) = 19),
  goods_name   TEXT NOT NULL,
  rate         TEXT NOT NULL,
  preferential INTEGER NOT NULL CHECK (preferential IN (0, 1)),
  updated_at   TEXT NOT NULL,
  PRIMARY KEY (merchant_id, code)
);
