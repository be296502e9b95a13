#!/usr/bin/env python3
"""Synthetic, valid import files for the benchmarks (docs/BENCHMARKS.md).

    gen_data.py OUT_DIR BULK_ROWS [BASE_ROWS] [STUDENTS]

Writes into OUT_DIR:
  schools.csv            every school (import format), 1,000–30,000 students each
  base.csv               BASE_ROWS enrollments (import format); the first STUDENTS get accounts
  bulk.csv               BULK_ROWS further enrollments (import format), the import benchmark's file
  bulk_copy_pg.csv       the same rows in the enrollments table's column order, for psql \\copy
  bulk_copy_sqlite.csv   the same for the sqlite3 shell's .import
  degrees.csv            one degree per account student (import format)
  students.csv           email,name,id_number of the account students

ID numbers are real-shaped (province, birth date, sequence, GB 11643 check character) and unique;
sex and birth date agree with them, as the importer checks. Deterministic: same arguments, same files.
"""
import csv
import datetime as dt
import os
import random
import sys
import uuid

PROVINCES = ["11", "12", "13", "14", "21", "31", "32", "33", "34", "35", "37", "41", "42", "43",
             "44", "50", "51", "61"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉晨宇轩浩然子涵梓欣雨婷思远博文嘉怡佳琪一诺俊杰"
MAJORS = ["计算机科学与技术", "软件工程", "汉语言文学", "临床医学", "机械工程", "会计学", "法学",
          "土木工程", "电子信息工程", "数学与应用数学", "英语", "金融学"]
ETHNICITIES = ["汉族"] * 9 + ["回族", "满族", "壮族", "蒙古族"]
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"
HEADER = ["school_code", "student_no", "name", "id_number", "sex", "birth_date", "ethnicity",
          "major", "level", "study_form", "entry_date", "expected_graduation", "status",
          "qualification_pending"]
PASSWORD = "Bench-Passw0rd"


def id_number(province, i):
    """The i-th unique number: (birth day, sequence) never repeats below 3,650,000."""
    birth = dt.date(1996, 1, 1) + dt.timedelta(days=i % 3650)
    seq = (i // 3650) % 1000
    first17 = f"{province}0105{birth:%Y%m%d}{seq:03d}"
    check = CHECK[sum(int(c) * w for c, w in zip(first17, WEIGHTS)) % 11]
    return first17 + check, birth, "男" if seq % 2 else "女"


def schools_for(total, rng):
    """School sizes of 1,000–30,000 students until they hold `total` rows (the last one may be
    smaller when the total is small)."""
    sizes = []
    while sum(sizes) < total:
        sizes.append(min(rng.randint(1000, 30000), total - sum(sizes)))
    return sizes


def main():
    out, bulk = sys.argv[1], int(sys.argv[2])
    base = int(sys.argv[3]) if len(sys.argv) > 3 else 10000
    students = int(sys.argv[4]) if len(sys.argv) > 4 else 2000
    rng = random.Random(15)
    os.makedirs(out, exist_ok=True)
    # The base rows and the bulk rows fill the same schools (the largest first).
    sizes = sorted(schools_for(base + bulk, rng), reverse=True)
    schools = [(f"9{k:04d}", f"基准测试第{k + 1}大学", PROVINCES[k % len(PROVINCES)])
               for k in range(len(sizes))]
    with open(f"{out}/schools.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["code", "name", "province_code"])
        w.writerows(schools)
    # Row i goes to school slot[i]: interleaved so that the base rows spread over the schools.
    slots = [k for k, n in enumerate(sizes) for _ in range(n)]
    rng.shuffle(slots)
    counters = [0] * len(sizes)
    now = "2026-12-01 00:00:00"
    files = {
        "base": open(f"{out}/base.csv", "w", newline=""),
        "bulk": open(f"{out}/bulk.csv", "w", newline=""),
    }
    writers = {k: csv.writer(f) for k, f in files.items()}
    for w in writers.values():
        w.writerow(HEADER)
    pg = csv.writer(open(f"{out}/bulk_copy_pg.csv", "w", newline=""))
    lite = csv.writer(open(f"{out}/bulk_copy_sqlite.csv", "w", newline=""))
    people = csv.writer(open(f"{out}/students.csv", "w", newline=""))
    people.writerow(["email", "name", "id_number"])
    degrees = csv.writer(open(f"{out}/degrees.csv", "w", newline=""))
    degrees.writerow(["certificate_no", "school_code", "name", "id_number", "major", "level",
                      "study_form", "graduation_date"])
    for i in range(base + bulk):
        k = slots[i]
        code, _, province = schools[k]
        number, birth, sex = id_number(province, i)
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
        entry = dt.date(birth.year + 18, 9, 1)
        grad = dt.date(entry.year + 4, 7, 1)
        counters[k] += 1
        student_no = f"{entry.year}{counters[k]:06d}"
        major = rng.choice(MAJORS)
        row = [code, student_no, name, number, sex, birth.isoformat(), rng.choice(ETHNICITIES),
               major, "本科", "普通全日制", entry.isoformat(), grad.isoformat(),
               "毕业" if grad.year < 2026 else "在籍", "false"]
        writers["base" if i < base else "bulk"].writerow(row)
        if i >= base:
            ident = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            # enrollments' column order: id, the 14 columns, created_at, updated_at, then the
            # revocation columns (empty).
            pg.writerow([ident] + row[:13] + ["false", now, now, "", "", ""])
            lite.writerow([ident] + row[:13] + ["0", now, now, "", "", ""])
        elif i < students:
            people.writerow([f"student{i}@bench.example", name, number])
            degrees.writerow([f"1{code}{grad.year}{i:07d}", code, name, number, major, "本科",
                              "普通全日制", grad.isoformat()])
    for f in files.values():
        f.close()
    print(f"{len(schools)} schools, {base} base rows, {bulk} bulk rows, {min(students, base)} students")


if __name__ == "__main__":
    main()
