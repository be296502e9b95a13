-- Province-level divisions: the two-digit codes that start ID numbers.
CREATE TABLE provinces (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL
);

-- The province-level divisions are reference data, present in every database.
INSERT INTO provinces (code, name) VALUES
    ('11', '北京市'),
    ('12', '天津市'),
    ('13', '河北省'),
    ('14', '山西省'),
    ('15', '内蒙古自治区'),
    ('21', '辽宁省'),
    ('22', '吉林省'),
    ('23', '黑龙江省'),
    ('31', '上海市'),
    ('32', '江苏省'),
    ('33', '浙江省'),
    ('34', '安徽省'),
    ('35', '福建省'),
    ('36', '江西省'),
    ('37', '山东省'),
    ('41', '河南省'),
    ('42', '湖北省'),
    ('43', '湖南省'),
    ('44', '广东省'),
    ('45', '广西壮族自治区'),
    ('46', '海南省'),
    ('50', '重庆市'),
    ('51', '四川省'),
    ('52', '贵州省'),
    ('53', '云南省'),
    ('54', '西藏自治区'),
    ('61', '陕西省'),
    ('62', '甘肃省'),
    ('63', '青海省'),
    ('64', '宁夏回族自治区'),
    ('65', '新疆维吾尔自治区'),
    ('71', '台湾省'),
    ('81', '香港特别行政区'),
    ('82', '澳门特别行政区');

CREATE TABLE schools (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    province_code TEXT NOT NULL REFERENCES provinces (code)
);
CREATE INDEX schools_province_idx ON schools (province_code);
CREATE UNIQUE INDEX schools_name_key ON schools (name);

-- Enrollment records (学籍). Never physically deleted: revocation sets status 注销.
CREATE TABLE enrollments (
    id TEXT PRIMARY KEY,
    school_code TEXT NOT NULL REFERENCES schools (code),
    student_no TEXT NOT NULL,
    name TEXT NOT NULL,
    id_number TEXT NOT NULL,
    sex TEXT NOT NULL CHECK (sex IN ('男', '女')),
    birth_date DATE NOT NULL,
    ethnicity TEXT NOT NULL,
    major TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('专科', '本科', '硕士', '博士')),
    study_form TEXT NOT NULL CHECK (study_form IN ('普通全日制', '非全日制', '成人教育', '网络教育', '自学考试')),
    entry_date DATE NOT NULL,
    expected_graduation DATE NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('在籍', '休学', '退学', '毕业', '结业', '注销')),
    qualification_pending BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX enrollments_natural_key ON enrollments (school_code, student_no);
CREATE INDEX enrollments_person_idx ON enrollments (id_number, name);
CREATE INDEX enrollments_school_name_idx ON enrollments (school_code, name);

-- Degree records (学历): graduation certificates.
CREATE TABLE degrees (
    id TEXT PRIMARY KEY,
    certificate_no TEXT NOT NULL,
    school_code TEXT NOT NULL REFERENCES schools (code),
    name TEXT NOT NULL,
    id_number TEXT NOT NULL,
    major TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('专科', '本科', '硕士', '博士')),
    study_form TEXT NOT NULL CHECK (study_form IN ('普通全日制', '非全日制', '成人教育', '网络教育', '自学考试')),
    graduation_date DATE NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX degrees_certificate_key ON degrees (certificate_no);
CREATE INDEX degrees_person_idx ON degrees (id_number, name);
