//! Bulk CSV import on both engines: all or nothing, every bad row reported, re-imports update.

use std::io::Write;

use diesel::prelude::*;
use xuexin::db::schema::{degrees, enrollments, schools};
use xuexin::records::import::{import, ImportReport, Kind};
use xuexin_tests::{api_test, TestApp};

const ENROLLMENT_HEADER: &str = "school_code,student_no,name,id_number,sex,birth_date,ethnicity,major,level,study_form,entry_date,expected_graduation,status,qualification_pending";

pub(crate) async fn run(app: &TestApp, kind: Kind, csv: &str, dry_run: bool) -> ImportReport {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(csv.as_bytes()).unwrap();
    let path = file.path().to_owned();
    let db = app.db.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = db.get().unwrap();
        let now = chrono::Utc::now();
        let _keep = file;
        import(
            &mut conn,
            kind,
            || std::fs::File::open(&path),
            dry_run,
            now.date_naive(),
            xuexin::db::timestamp(now),
            &|_| {},
        )
        .unwrap()
    })
    .await
    .unwrap()
}

async fn counts(app: &TestApp) -> (i64, i64, i64) {
    app.db
        .run(|c| {
            Ok((
                schools::table.count().get_result(c)?,
                enrollments::table.count().get_result(c)?,
                degrees::table.count().get_result(c)?,
            ))
        })
        .await
        .unwrap()
}

fn id(first17: &str) -> String {
    format!(
        "{first17}{}",
        xuexin::rules::id_number::check_char(first17).unwrap()
    )
}

fn enrollment_line(student_no: &str, name: &str, first17: &str, status: &str) -> String {
    let id = id(first17);
    let sex = if (id.as_bytes()[16] - b'0') % 2 == 1 {
        "男"
    } else {
        "女"
    };
    let birth = format!("{}-{}-{}", &id[6..10], &id[10..12], &id[12..14]);
    format!("20001,{student_no},{name},{id},{sex},{birth},汉族,计算机科学与技术,本科,普通全日制,2024-09-01,2028-07-01,{status},false")
}

async fn school(app: &TestApp) {
    let report = run(
        app,
        Kind::Schools,
        "code,name,province_code\n20001,测试大学,11\n",
        false,
    )
    .await;
    assert!(report.errors.is_empty(), "{:?}", report.errors);
}

api_test!(
    async fn a_good_file_imports_and_a_reimport_updates_without_duplicates(app) {
        school(&app).await;
        let csv = format!(
            "{ENROLLMENT_HEADER}\n{}\n{}\n",
            enrollment_line("S1", "王一", "11019920040101001", "在籍"),
            enrollment_line("S2", "买买提·艾力", "65019920030303002", "休学"),
        );
        let dry = run(&app, Kind::Enrollments, &csv, true).await;
        assert_eq!((dry.rows, dry.imported, dry.dry_run), (2, 0, true));
        assert_eq!(counts(&app).await, (1, 0, 0), "a dry run writes nothing");

        let report = run(&app, Kind::Enrollments, &csv, false).await;
        assert_eq!((report.rows, report.imported), (2, 2));
        let first_id: String = app.db.run(|c| Ok(enrollments::table.filter(enrollments::student_no.eq("S1")).select(enrollments::id).first(c)?)).await.unwrap();

        let changed = csv.replace(",在籍,", ",毕业,");
        let again = run(&app, Kind::Enrollments, &changed, false).await;
        assert_eq!(again.imported, 2);
        assert_eq!(counts(&app).await, (1, 2, 0), "no duplicates");
        let (id_after, status): (String, String) = app
            .db
            .run(|c| Ok(enrollments::table.filter(enrollments::student_no.eq("S1")).select((enrollments::id, enrollments::status)).first(c)?))
            .await
            .unwrap();
        assert_eq!((id_after, status.as_str()), (first_id, "毕业"), "updated in place, same id");
    }
);

/// Every stored column of the record with this student number, as text, in import-file order.
async fn stored(app: &TestApp, student_no: &'static str) -> Vec<String> {
    type Row = (
        (
            String,
            String,
            String,
            String,
            String,
            chrono::NaiveDate,
            String,
        ),
        (
            String,
            String,
            String,
            chrono::NaiveDate,
            chrono::NaiveDate,
            String,
            bool,
        ),
    );
    let (a, b): Row = app
        .db
        .run(move |c| {
            Ok(enrollments::table
                .filter(enrollments::student_no.eq(student_no))
                .select((
                    (
                        enrollments::school_code,
                        enrollments::student_no,
                        enrollments::name,
                        enrollments::id_number,
                        enrollments::sex,
                        enrollments::birth_date,
                        enrollments::ethnicity,
                    ),
                    (
                        enrollments::major,
                        enrollments::level,
                        enrollments::study_form,
                        enrollments::entry_date,
                        enrollments::expected_graduation,
                        enrollments::status,
                        enrollments::qualification_pending,
                    ),
                ))
                .first(c)?)
        })
        .await
        .unwrap();
    vec![
        a.0,
        a.1,
        a.2,
        a.3,
        a.4,
        a.5.to_string(),
        a.6,
        b.0,
        b.1,
        b.2,
        b.3.to_string(),
        b.4.to_string(),
        b.5,
        b.6.to_string(),
    ]
}

api_test!(
    // PostgreSQL writes enrollments one array per column: a column taken for its neighbour
    // would pass every count, so each field is read back, first written and then updated.
    async fn every_field_is_stored_in_its_own_column_on_insert_and_on_update(app) {
        school(&app).await;
        let first = "20001,F1,欧阳一,110101200403050015,男,2004-03-05,回族,数学与应用数学,本科,普通全日制,2022-09-01,2026-07-01,在籍,false";
        let report = run(&app, Kind::Enrollments, &format!("{ENROLLMENT_HEADER}\n{first}\n"), false).await;
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert_eq!(stored(&app, "F1").await.join(","), first);

        let second = "20001,F1,欧阳二,110101200506070027,女,2005-06-07,满族,软件工程,专科,非全日制,2023-03-01,2026-01-15,休学,true";
        let report = run(&app, Kind::Enrollments, &format!("{ENROLLMENT_HEADER}\n{second}\n"), false).await;
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert_eq!(stored(&app, "F1").await.join(","), second);
        assert_eq!(counts(&app).await.1, 1);
    }
);

api_test!(
    async fn every_bad_row_is_reported_with_its_line_and_field_and_nothing_is_written(app) {
        school(&app).await;
        let good = enrollment_line("S1", "王一", "11019920040101001", "在籍");
        let lines = [
            good.clone(),
            enrollment_line("S2", "Wang Er", "11019920040101002", "在籍"),
            enrollment_line("S3", "王三", "11019920040101003", "在籍").replace("20001,", "99999,"),
            format!("{}X", &enrollment_line("S4", "王四", "11019920040101004", "在籍")).replace("在籍,falseX", "在读,false"),
            good.replace("S1,", "S5,").replace("11019920040101001", "11019920040101009"),
            good.replace(",2024-09-01,", ",2024-02-30,").replace("S1,", "S6,"),
            good.clone(),
            "20001,S8,王八".to_owned(),
            good.replace(",false", ",yes").replace("S1,", "S9,"),
        ];
        let csv = format!("{ENROLLMENT_HEADER}\n{}\n", lines.join("\n"));
        let report = run(&app, Kind::Enrollments, &csv, false).await;
        let found: Vec<(u64, &str)> = report.errors.iter().map(|e| (e.line, e.field.as_str())).collect();
        assert_eq!(
            found,
            [(3, "name"), (4, "school_code"), (5, "status"), (6, "id_number"), (7, "entry_date"), (8, "student_no"), (9, ""), (10, "qualification_pending")],
            "{:#?}",
            report.errors
        );
        assert!(report.errors[5].reason.contains("第 2 行"), "the duplicate names the first line");
        assert_eq!(report.imported, 0);
        assert_eq!(counts(&app).await, (1, 0, 0), "one bad row: nothing written");
    }
);

api_test!(
    async fn the_header_must_have_exactly_the_documented_columns(app) {
        let report = run(&app, Kind::Schools, "code,name,province_code,extra\n1,x,11,y\n", false).await;
        assert_eq!(report.errors[0].field, "extra");
        let report = run(&app, Kind::Schools, "name,code\n", false).await;
        assert_eq!(report.errors[0].field, "province_code");
        assert_eq!(report.errors[0].line, 1);
        let report = run(&app, Kind::Schools, "province_code,name,code\n11,按列名而不是顺序,30001\n", false).await;
        assert!(report.errors.is_empty(), "column order is free");
    }
);

api_test!(
    async fn degrees_import_old_fifteen_digit_numbers_upgraded_and_check_the_vocabularies(app) {
        school(&app).await;
        let header = "certificate_no,school_code,name,id_number,major,level,study_form,graduation_date";
        let csv = format!("{header}\n100012024000001,20001,李老,110105491231002,中文,本科,自学考试,1975-07-01\n100012024000002,20001,李小,{},中文,学士,函授,2024-07-01\n", id("11019920000101001"));
        let report = run(&app, Kind::Degrees, &csv, false).await;
        let fields: Vec<&str> = report.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["level", "study_form"]);
        let fixed = csv.replace(",学士,函授,", ",本科,网络教育,");
        assert_eq!(run(&app, Kind::Degrees, &fixed, false).await.imported, 2);
        let upgraded: String = app.db.run(|c| Ok(degrees::table.filter(degrees::certificate_no.eq("100012024000001")).select(degrees::id_number).first(c)?)).await.unwrap();
        assert_eq!(upgraded, "11010519491231002X");
    }
);

api_test!(
    async fn a_hundred_thousand_rows_import_in_one_transaction(app) {
        school(&app).await;
        let mut csv = String::with_capacity(14_000_000);
        csv.push_str(ENROLLMENT_HEADER);
        csv.push('\n');
        let start = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
        for i in 0..100_000u32 {
            let birth = start + chrono::Duration::days(i64::from(i % 3000));
            let first17 = format!("110199{}{:03}", birth.format("%Y%m%d"), (i / 3000) % 1000);
            csv.push_str(&enrollment_line(&format!("S{i:06}"), "测试学生", &first17, "在籍"));
            csv.push('\n');
        }
        let started = std::time::Instant::now();
        let report = run(&app, Kind::Enrollments, &csv, false).await;
        eprintln!("{:?}: 100,000 enrollments imported in {:?}", app.engine, started.elapsed());
        assert!(report.errors.is_empty(), "{:?}", &report.errors[..report.errors.len().min(3)]);
        assert_eq!(report.imported, 100_000);
        assert_eq!(counts(&app).await.1, 100_000);
    }
);
