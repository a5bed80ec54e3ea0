-- DRILL DEFECT: a migration that is not part of this deploy is pending too.
CREATE TABLE "usage_scratch" ("id" integer);
