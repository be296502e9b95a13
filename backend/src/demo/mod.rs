//! Demo data for a first look: provinces, a few schools, and synthetic students with enrollments in
//! every status, graduates with degrees, a 专升本 student whose junior-college qualification is
//! pending and an adult-education duplicate. Loaded once, on a first start: only into a database
//! that holds no accounts, no staff and no records, so that demo staff with published passwords
//! never land beside real data.
//!
//! Every ID number uses the county code `0199` (after the province code), which no real county
//! has, so none of them can belong to a real person; their check characters are correct.

pub mod photos;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::auth::password::PasswordHasher;
use crate::db::schema::{accounts, degrees, enrollments, image_records, provinces, schools, staff};
use crate::db::{write_transaction, DbConnection};
use crate::rules::id_number::check_char;

/// The province-level divisions and their names.
pub const PROVINCES: [(&str, &str); 34] = [
    ("11", "北京市"),
    ("12", "天津市"),
    ("13", "河北省"),
    ("14", "山西省"),
    ("15", "内蒙古自治区"),
    ("21", "辽宁省"),
    ("22", "吉林省"),
    ("23", "黑龙江省"),
    ("31", "上海市"),
    ("32", "江苏省"),
    ("33", "浙江省"),
    ("34", "安徽省"),
    ("35", "福建省"),
    ("36", "江西省"),
    ("37", "山东省"),
    ("41", "河南省"),
    ("42", "湖北省"),
    ("43", "湖南省"),
    ("44", "广东省"),
    ("45", "广西壮族自治区"),
    ("46", "海南省"),
    ("50", "重庆市"),
    ("51", "四川省"),
    ("52", "贵州省"),
    ("53", "云南省"),
    ("54", "西藏自治区"),
    ("61", "陕西省"),
    ("62", "甘肃省"),
    ("63", "青海省"),
    ("64", "宁夏回族自治区"),
    ("65", "新疆维吾尔自治区"),
    ("71", "台湾省"),
    ("81", "香港特别行政区"),
    ("82", "澳门特别行政区"),
];

/// Demo schools: code, name, province.
pub const SCHOOLS: [(&str, &str, &str); 6] = [
    ("10001", "北京大学", "11"),
    ("10003", "清华大学", "11"),
    ("10246", "复旦大学", "31"),
    ("10335", "浙江大学", "33"),
    ("10610", "四川大学", "51"),
    ("11113", "深圳职业技术大学", "44"),
];

/// A demo person: name, province of the ID number, birth date, and the 3-digit sequence.
pub struct Person {
    pub name: &'static str,
    pub province: &'static str,
    pub birth: (i32, u32, u32),
    pub sequence: u32,
}

impl Person {
    /// The person's synthetic ID number.
    pub fn id_number(&self) -> String {
        let (y, m, d) = self.birth;
        let first17 = format!(
            "{}0199{y:04}{m:02}{d:02}{:03}",
            self.province, self.sequence
        );
        format!("{first17}{}", check_char(&first17).expect("17 digits"))
    }

    fn sex(&self) -> &'static str {
        if self.sequence % 2 == 1 {
            "男"
        } else {
            "女"
        }
    }

    fn birth_date(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.birth.0, self.birth.1, self.birth.2).expect("valid demo date")
    }
}

/// The people the README names, to register with (see [`named_people`]).
pub const NAMED: [Person; 9] = [
    person("王小明", "11", (2005, 3, 14), 11),
    person("李华", "31", (2001, 8, 2), 22),
    person("张伟", "51", (2002, 11, 30), 33),
    person("刘洋", "33", (1998, 6, 18), 44),
    person("陈静", "44", (2000, 2, 29), 26),
    person("杨帆", "33", (2004, 12, 1), 57),
    person("赵敏", "44", (2003, 5, 20), 68),
    person("买买提·艾力", "65", (2004, 9, 9), 79),
    person("𠇔伟", "11", (2005, 1, 23), 91),
];

const fn person(
    name: &'static str,
    province: &'static str,
    birth: (i32, u32, u32),
    sequence: u32,
) -> Person {
    Person {
        name,
        province,
        birth,
        sequence,
    }
}

/// The `i`-th extra student's identity (named apart), from `province`.
fn extra_person(i: u32, province: &'static str) -> Person {
    person(
        "",
        province,
        (2000 + (i % 6) as i32, 1 + i % 12, 1 + (i * 3) % 28),
        100 + i * 7,
    )
}

struct Enrollment {
    person: usize,
    school: &'static str,
    student_no: &'static str,
    major: &'static str,
    level: &'static str,
    form: &'static str,
    entry: (i32, u32, u32),
    graduation: (i32, u32, u32),
    status: &'static str,
    pending: bool,
}

/// The first of the two records of the person enrolled twice; the second differs only in school.
const ADULT_DUPLICATE: Enrollment = Enrollment {
    person: 3,
    school: "10335",
    student_no: "C2203300005",
    major: "工商管理",
    level: "本科",
    form: "成人教育",
    entry: (2022, 3, 1),
    graduation: (2025, 1, 31),
    status: "在籍",
    pending: false,
};

const ENROLLMENTS: [Enrollment; 11] = [
    Enrollment {
        person: 0,
        school: "10001",
        student_no: "2301110001",
        major: "计算机科学与技术",
        level: "本科",
        form: "普通全日制",
        entry: (2023, 9, 1),
        graduation: (2027, 7, 1),
        status: "在籍",
        pending: false,
    },
    Enrollment {
        person: 1,
        school: "10003",
        student_no: "1901210002",
        major: "电子信息工程",
        level: "本科",
        form: "普通全日制",
        entry: (2019, 9, 1),
        graduation: (2023, 7, 1),
        status: "毕业",
        pending: false,
    },
    Enrollment {
        person: 2,
        school: "11113",
        student_no: "2001310003",
        major: "软件技术",
        level: "专科",
        form: "普通全日制",
        entry: (2020, 9, 1),
        graduation: (2023, 6, 30),
        status: "毕业",
        pending: false,
    },
    // 专升本: the junior-college qualification is not yet confirmed.
    Enrollment {
        person: 2,
        school: "10610",
        student_no: "2305110004",
        major: "软件工程",
        level: "本科",
        form: "普通全日制",
        entry: (2023, 9, 1),
        graduation: (2025, 7, 1),
        status: "在籍",
        pending: true,
    },
    // An adult-education duplicate: the same person enrolled twice.
    ADULT_DUPLICATE,
    Enrollment {
        school: "10246",
        student_no: "C2203100006",
        ..ADULT_DUPLICATE
    },
    Enrollment {
        person: 4,
        school: "10246",
        student_no: "2202440007",
        major: "临床医学",
        level: "硕士",
        form: "普通全日制",
        entry: (2022, 9, 1),
        graduation: (2025, 7, 1),
        status: "休学",
        pending: false,
    },
    Enrollment {
        person: 5,
        school: "10335",
        student_no: "2203300008",
        major: "土木工程",
        level: "本科",
        form: "普通全日制",
        entry: (2022, 9, 1),
        graduation: (2026, 7, 1),
        status: "退学",
        pending: false,
    },
    Enrollment {
        person: 6,
        school: "11113",
        student_no: "2101310009",
        major: "会计",
        level: "专科",
        form: "普通全日制",
        entry: (2021, 9, 1),
        graduation: (2024, 6, 30),
        status: "结业",
        pending: false,
    },
    Enrollment {
        person: 7,
        school: "10001",
        student_no: "2206510010",
        major: "汉语言文学",
        level: "本科",
        form: "普通全日制",
        entry: (2022, 9, 1),
        graduation: (2026, 7, 1),
        status: "在籍",
        pending: false,
    },
    Enrollment {
        person: 8,
        school: "10001",
        student_no: "2401110011",
        major: "数学与应用数学",
        level: "本科",
        form: "普通全日制",
        entry: (2024, 9, 1),
        graduation: (2028, 7, 1),
        status: "在籍",
        pending: false,
    },
];

/// Degrees: (person, certificate number, school, major, level, form, graduation date).
const DEGREES: [(usize, &str, &str, &str, &str, &str, (i32, u32, u32)); 2] = [
    (
        1,
        "100031202305000123",
        "10003",
        "电子信息工程",
        "本科",
        "普通全日制",
        (2023, 7, 1),
    ),
    (
        2,
        "111131202306000456",
        "11113",
        "软件技术",
        "专科",
        "普通全日制",
        (2023, 6, 30),
    ),
];

/// Surnames and given names for the unnamed extra students.
const SURNAMES: [&str; 12] = [
    "周", "吴", "郑", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
];
const GIVEN: [&str; 10] = [
    "子涵", "欣怡", "浩然", "雨桐", "梓轩", "思远", "佳琪", "一诺", "俊杰", "诗雨",
];
const STATUSES: [&str; 6] = ["在籍", "在籍", "在籍", "休学", "毕业", "结业"];
const MAJORS: [&str; 6] = ["法学", "经济学", "机械工程", "护理学", "英语", "物理学"];

/// Number of extra students generated besides the named ones.
pub const EXTRA_STUDENTS: u32 = 36;

fn date((y, m, d): (i32, u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid demo date")
}

/// Whether nothing has been stored yet: no accounts, no staff, no schools, no enrollments, no
/// degrees and no photos (provinces come with the migrations and do not count).
pub fn database_is_empty(conn: &mut DbConnection) -> QueryResult<bool> {
    use diesel::dsl::exists;
    let holds = [
        diesel::select(exists(accounts::table.select(accounts::id))).get_result::<bool>(conn)?,
        diesel::select(exists(staff::table.select(staff::id))).get_result(conn)?,
        diesel::select(exists(schools::table.select(schools::code))).get_result(conn)?,
        diesel::select(exists(enrollments::table.select(enrollments::id))).get_result(conn)?,
        diesel::select(exists(degrees::table.select(degrees::id))).get_result(conn)?,
        diesel::select(exists(image_records::table.select(image_records::id))).get_result(conn)?,
    ];
    Ok(!holds.contains(&true))
}

/// Loads the demo records, and with `staff` (the hasher and the audit key) the demo staff
/// accounts, in one transaction, when [`database_is_empty`]; returns whether it loaded.
pub fn load_into_empty_database(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    staff: Option<(&PasswordHasher, &crate::audit::AuditKey)>,
) -> anyhow::Result<bool> {
    write_transaction(conn, |conn| {
        if !database_is_empty(conn)? {
            return Ok(false);
        }
        load_records(conn, now)?;
        if let Some((hasher, audit_key)) = staff {
            load_staff(conn, hasher, audit_key, now)?;
        }
        Ok(true)
    })
}

fn load_records(conn: &mut DbConnection, now: NaiveDateTime) -> QueryResult<()> {
    let known: i64 = provinces::table.count().get_result(conn)?;
    if known == 0 {
        for (code, name) in PROVINCES {
            diesel::insert_into(provinces::table)
                .values((provinces::code.eq(code), provinces::name.eq(name)))
                .execute(conn)?;
        }
    }
    for (code, name, province) in SCHOOLS {
        diesel::insert_into(schools::table)
            .values((
                schools::code.eq(code),
                schools::name.eq(name),
                schools::province_code.eq(province),
            ))
            .execute(conn)?;
    }
    for e in &ENROLLMENTS {
        let p = &NAMED[e.person];
        insert_enrollment(
            conn,
            now,
            p.name,
            &p.id_number(),
            p.sex(),
            p.birth_date(),
            e,
            e.student_no,
        )?;
    }
    for (person, certificate, school, major, level, form, graduated) in DEGREES {
        let p = &NAMED[person];
        diesel::insert_into(degrees::table)
            .values((
                degrees::id.eq(uuid::Uuid::new_v4().to_string()),
                degrees::certificate_no.eq(certificate),
                degrees::school_code.eq(school),
                degrees::name.eq(p.name),
                degrees::id_number.eq(p.id_number()),
                degrees::major.eq(major),
                degrees::level.eq(level),
                degrees::study_form.eq(form),
                degrees::graduation_date.eq(date(graduated)),
                degrees::created_at.eq(now),
            ))
            .execute(conn)?;
    }
    for i in 0..EXTRA_STUDENTS {
        let idx = i as usize;
        let name = format!(
            "{}{}",
            SURNAMES[idx % SURNAMES.len()],
            GIVEN[(idx * 7) % GIVEN.len()]
        );
        let person = extra_person(i, SCHOOLS[idx % SCHOOLS.len()].2);
        let (school, _, _) = SCHOOLS[idx % SCHOOLS.len()];
        let student_no = format!("D{:04}{i:04}", 2020 + i % 5);
        let status = STATUSES[idx % STATUSES.len()];
        let entry = (2020 + (i % 5) as i32, 9, 1);
        let e = Enrollment {
            person: 0,
            school,
            student_no: "",
            major: MAJORS[idx % MAJORS.len()],
            level: "本科",
            form: "普通全日制",
            entry,
            graduation: (entry.0 + 4, 7, 1),
            status,
            pending: false,
        };
        insert_enrollment(
            conn,
            now,
            &name,
            &person.id_number(),
            person.sex(),
            person.birth_date(),
            &e,
            &student_no,
        )?;
    }
    Ok(())
}

/// Stores one demo enrollment of a person; `student_no` stands apart from `e` because the
/// generated students' numbers are made at run time.
#[allow(clippy::too_many_arguments)]
fn insert_enrollment(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    name: &str,
    id_number: &str,
    sex: &str,
    birth: NaiveDate,
    e: &Enrollment,
    student_no: &str,
) -> QueryResult<()> {
    diesel::insert_into(enrollments::table)
        .values((
            enrollments::id.eq(uuid::Uuid::new_v4().to_string()),
            enrollments::school_code.eq(e.school),
            enrollments::student_no.eq(student_no),
            enrollments::name.eq(name),
            enrollments::id_number.eq(id_number),
            enrollments::sex.eq(sex),
            enrollments::birth_date.eq(birth),
            enrollments::ethnicity.eq(if name.contains('·') {
                "维吾尔族"
            } else {
                "汉族"
            }),
            enrollments::major.eq(e.major),
            enrollments::level.eq(e.level),
            enrollments::study_form.eq(e.form),
            enrollments::entry_date.eq(date(e.entry)),
            enrollments::expected_graduation.eq(date(e.graduation)),
            enrollments::status.eq(e.status),
            enrollments::qualification_pending.eq(e.pending),
            enrollments::created_at.eq(now),
            enrollments::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Demo staff accounts, one per role (dev only): role, email, password, school, province.
pub const STAFF: [(&str, &str, &str, Option<&str>, Option<&str>); 6] = [
    (
        "platform_admin",
        "admin@xuexin.example",
        "Platform2026",
        None,
        None,
    ),
    (
        "school_admin",
        "pku@xuexin.example",
        "School2026",
        Some("10001"),
        None,
    ),
    (
        "school_admin",
        "fudan@xuexin.example",
        "School2026",
        Some("10246"),
        None,
    ),
    (
        "provincial_reviewer",
        "beijing@xuexin.example",
        "Review2026",
        None,
        Some("11"),
    ),
    (
        "support",
        "support@xuexin.example",
        "Support2026",
        None,
        None,
    ),
    (
        "image_operator",
        "photo@xuexin.example",
        "Photo2026",
        None,
        None,
    ),
];

/// Creates the demo staff accounts (inside [`load_into_empty_database`]'s transaction).
fn load_staff(
    conn: &mut DbConnection,
    hasher: &PasswordHasher,
    audit_key: &crate::audit::AuditKey,
    now: NaiveDateTime,
) -> anyhow::Result<()> {
    use crate::staff::store::{self, Staff};
    // One argon2 buffer for every demo account, freed afterwards.
    let mut ws = crate::auth::password::Workspace::new();
    for (role, email, password, school, province) in STAFF {
        let staff = Staff {
            id: uuid::Uuid::new_v4().to_string(),
            email: email.to_owned(),
            password_hash: hasher.hash_in(&mut ws, password)?,
            role: role.to_owned(),
            school_code: school.map(str::to_owned),
            province_code: province.map(str::to_owned),
            created_at: now,
            disabled_at: None,
            // Demo staff have published passwords and work at once, for a first look in dev.
            must_change_password: false,
            totp_secret: None,
            totp_pending_secret: None,
            totp_enrolled_at: None,
            totp_last_step: None,
        };
        store::insert(conn, &staff)?;
        crate::audit::record(
            conn,
            audit_key,
            now,
            crate::audit::Event {
                actor_role: "system",
                action: "staff.created",
                target_type: "staff",
                target_id: &staff.id,
                after: Some(
                    serde_json::json!({"email": email, "role": role, "school_code": school, "province_code": province, "demo": true}),
                ),
                ..Default::default()
            },
        )?;
    }
    Ok(())
}

/// The named demo identities, for the README and the start-up log: (name, ID number, what they have).
pub fn named_people() -> Vec<(String, String, &'static str)> {
    const WHAT: [&str; 9] = [
        "北京大学 本科 在籍",
        "清华大学 本科 毕业，有学历证书",
        "专升本：深圳职业技术大学 专科 毕业 + 四川大学 本科 在籍（资格待查）",
        "成人教育重复学籍：浙江大学 + 复旦大学",
        "复旦大学 硕士 休学",
        "浙江大学 本科 退学",
        "深圳职业技术大学 专科 结业",
        "北京大学 本科 在籍（少数民族姓名）",
        "北京大学 本科 在籍（扩展 B 区生僻字）",
    ];
    NAMED
        .iter()
        .zip(WHAT)
        .map(|(p, w)| (p.name.to_owned(), p.id_number(), w))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{IdNumber, PersonName};

    #[test]
    fn every_demo_identity_is_valid_and_synthetic() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        for p in &NAMED {
            let id = IdNumber::parse(&p.id_number(), today, "id_number").unwrap();
            assert_eq!(&id.as_str()[2..6], "0199", "no real county");
            assert_eq!(id.sex().as_chinese(), p.sex());
            assert!(PersonName::parse(p.name, "name").is_ok(), "{}", p.name);
        }
        for i in 0..EXTRA_STUDENTS {
            let p = extra_person(i, "11");
            assert!(IdNumber::parse(&p.id_number(), today, "id_number").is_ok());
        }
    }
}
