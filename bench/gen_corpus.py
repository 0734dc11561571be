#!/usr/bin/env python3
"""Generate a synthetic regional party-building site for benchmarks and scale tests.

The corpus follows the content format in docs/content-format.md: region profiles
as YAML under content/regions/, activity reports and party-class records as
Markdown with YAML front matter under content/reports/ and content/classes/.

    gen_corpus.py OUT_DIR --reports 10000 --regions 20 --classes 1000 [--seed 7]

The same seed always gives byte-identical files. `--format hugo` and
`--format zola` write the same pages as a Hugo or Zola site, so that a build of
this project can be compared with those tools on equal content.
"""
import argparse
import re
import datetime as dt
import os
import random
import shutil

CITIES = [
    ("chengdu", "成都"), ("chongqing", "重庆"), ("guiyang", "贵阳"), ("kunming", "昆明"),
    ("xian", "西安"), ("lanzhou", "兰州"), ("changsha", "长沙"), ("wuhan", "武汉"),
    ("nanning", "南宁"), ("haikou", "海口"), ("fuzhou", "福州"), ("nanchang", "南昌"),
    ("hefei", "合肥"), ("zhengzhou", "郑州"), ("taiyuan", "太原"), ("shijiazhuang", "石家庄"),
    ("jinan", "济南"), ("hangzhou", "杭州"), ("nanjing", "南京"), ("xining", "西宁"),
    ("yinchuan", "银川"), ("lhasa", "拉萨"), ("urumqi", "乌鲁木齐"), ("hohhot", "呼和浩特"),
]
MODES = ["组织共建", "资源共享", "干部共培", "作风共抓", "难题共解", "活动共办"]
UNIT_KINDS = ["project", "company", "government", "owner", "supervisor"]
UNIT_SUFFIX = {
    "project": "项目部", "company": "分公司", "government": "街道党工委",
    "owner": "建设指挥部", "supervisor": "监理站",
}
TAGS = ["安全生产", "主题党日", "质量管理", "党员先锋岗", "青年突击队", "志愿服务", "廉洁教育",
        "技术攻关", "联席会议", "党课", "红色教育", "扶贫帮困", "环境保护", "文明施工", "标准化",
        "劳动竞赛", "工会", "共青团", "党建品牌", "信息简报", "组织生活会", "三会一课", "民主评议",
        "业主共建", "地企共建", "平安工地", "创新工作室", "师带徒", "职工之家", "疫情防控"]
SUBJECTS = ["区域党建工作推进小组", "项目党支部", "公司党委", "各成员单位", "地方政府", "业主单位",
            "监理单位", "青年突击队", "党员先锋岗", "全体党员", "区域联席会", "工会小组", "共青团支部"]
VERBS = ["深入开展", "扎实推进", "积极组织", "认真落实", "持续深化", "统筹协调", "联合举办",
         "全面部署", "精心策划", "广泛动员", "系统总结", "着力破解"]
OBJECTS = ["区域化党建共建活动", "主题党日活动", "安全生产大检查", "党课学习", "资源共享机制",
           "干部交流培训", "作风建设专项行动", "技术难题攻关", "劳动竞赛", "志愿服务活动",
           "联席会议制度", "区域品牌创建工作", "信息简报编发", "考核评价机制", "党建联建活动"]
TAILS = ["取得明显成效", "进一步增强了区域共建意识", "有效促进了施工生产", "实现了资源共享共用",
         "提升了基层党组织的组织力", "营造了良好的共建氛围", "扩大了区域党建影响力",
         "为项目建设提供了坚强保证", "得到了业主和地方政府的充分肯定", "形成了互动互促的良好局面"]
CODE = {
    "yaml": "schedule:\n  - date: 2020-05-12\n    topic: 安全生产主题党日\n    units: [项目部, 监理站]\n",
    "bash": "#!/bin/sh\n# 每周汇总各成员单位报送的活动台账\nfor f in reports/*.csv; do\n  wc -l \"$f\"\ndone\n",
    "python": "def coverage(units, active):\n    \"\"\"参与率 = 参与单位数 / 成员单位总数\"\"\"\n    return len(active) / max(len(units), 1)\n",
}


def sentence(rng):
    return (rng.choice(SUBJECTS) + rng.choice(VERBS) + rng.choice(OBJECTS) + "，"
            + rng.choice(TAILS) + "。")


def paragraph(rng):
    return "".join(sentence(rng) for _ in range(rng.randint(2, 6)))


def body(rng, links):
    parts = []
    for i in range(rng.randint(3, 9)):
        if i and rng.random() < 0.25:
            parts.append(f"## {rng.choice(OBJECTS)}")
        parts.append(paragraph(rng))
    if rng.random() < 0.2:
        parts.append("\n".join(f"- {rng.choice(VERBS)}{rng.choice(OBJECTS)}" for _ in range(rng.randint(2, 5))))
    if rng.random() < 0.1:
        rows = "\n".join(f"| {rng.choice(SUBJECTS)} | {rng.randint(5, 120)} | {rng.choice(MODES)} |"
                         for _ in range(rng.randint(2, 6)))
        parts.append("| 单位 | 参加人数 | 共建方式 |\n|---|---:|---|\n" + rows)
    if rng.random() < 0.05:
        lang = rng.choice(sorted(CODE))
        parts.append(f"```{lang}\n{CODE[lang]}```")
    if links and rng.random() < 0.3:
        target_path, target_title = rng.choice(links)
        parts.append(f"相关阅读：[{target_title}]({target_path})")
    return "\n\n".join(parts) + "\n"


def yaml_list(items):
    return "[" + ", ".join(items) + "]"


def plan(args):
    """Decide every region, report and class once, independent of output format."""
    rng = random.Random(args.seed)
    regions = []
    for i in range(args.regions):
        rid, city = CITIES[i % len(CITIES)]
        if i >= len(CITIES):
            rid, city = f"{rid}-{i // len(CITIES) + 1}", f"{city}{i // len(CITIES) + 1}"
        units = []
        for j in range(rng.randint(5, 12)):
            kind = rng.choice(UNIT_KINDS)
            units.append({"name": f"{city}{j + 1}号{UNIT_SUFFIX[kind]}", "kind": kind,
                          "members": rng.randint(3, 80)})
        regions.append({"id": rid, "name": f"{city}片区", "city": city, "units": units,
                        "color": "#%02x%02x%02x" % (rng.randint(120, 220), rng.randint(10, 60), rng.randint(10, 60))})
    start = dt.date(2019, 1, 1)
    reports, classes = [], []
    for i in range(args.reports):
        region = regions[min(int(rng.paretovariate(1.2)) - 1, len(regions) - 1)] if rng.random() < 0.3 else rng.choice(regions)
        date = start + dt.timedelta(days=rng.randint(0, 3 * 365 - 1))
        title = f"{region['city']}片区{rng.choice(VERBS)}{rng.choice(OBJECTS)}"
        units = rng.sample([u["name"] for u in region["units"]], rng.randint(1, min(4, len(region["units"]))))
        reports.append({
            "kind": "reports", "file": f"{date.year}/{date.isoformat()}-{i:05d}.md", "slug": f"{date.isoformat()}-{i:05d}",
            "title": title, "date": date, "region": region["id"], "mode": rng.choice(MODES), "units": units,
            "participants": rng.randint(8, 300), "tags": rng.sample(TAGS, rng.randint(1, 4)),
            "featured": rng.random() < 0.05, "draft": rng.random() < 0.01})
    for i in range(args.classes):
        region = rng.choice(regions)
        date = start + dt.timedelta(days=rng.randint(0, 3 * 365 - 1))
        classes.append({
            "kind": "classes", "file": f"{date.year}/{date.isoformat()}-class-{i:04d}.md", "slug": f"{date.isoformat()}-class-{i:04d}",
            "title": f"专题党课：{rng.choice(OBJECTS)}", "date": date, "region": region["id"],
            "lecturer": rng.choice(["张", "王", "李", "赵", "刘", "陈"]) + rng.choice(["明", "华", "强", "伟", "芳", "军"]),
            "lecturer_title": rng.choice(["项目党支部书记", "公司党委书记", "区域推进小组组长", "党委副书记"]),
            "audience": rng.randint(10, 200), "duration": rng.choice([45, 60, 90, 120]),
            "tags": rng.sample(TAGS, rng.randint(1, 3))})
    published = [d for d in reports if not d["draft"]]
    for doc in reports + classes:
        links = [(f"@/{d['kind']}/{d['file']}", d["title"]) for d in rng.sample(published, min(3, len(published)))]
        doc["body"] = body(rng, links)
    return regions, reports, classes


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def write_native(out, regions, reports, classes):
    write(f"{out}/site.yaml", "title: 区域化党建信息平台（基准测试）\nbase_url: http://intranet.example/party/\nlanguage: zh-CN\n")
    for r in regions:
        units = "\n".join(f"  - name: {u['name']}\n    kind: {u['kind']}\n    members: {u['members']}" for u in r["units"])
        write(f"{out}/content/regions/{r['id']}.yaml",
              f"name: {r['name']}\nleader: {r['city']}片区推进小组组长\nestablished: 2019-01-01\n"
              f"summary: {r['city']}片区坚持“六共模式”，打造区域党建品牌。\n"
              f"description: |\n  {r['city']}片区由{len(r['units'])}家成员单位组成。\n"
              f"brand:\n  name: {r['city']}先锋\n  slogan: 一区域一特色，一区域一品牌\n  color: \"{r['color']}\"\n"
              f"  feature: 党建+安全生产\nunits:\n{units}\n")
    for d in reports:
        fm = (f"title: {d['title']}\ndate: {d['date'].isoformat()}\nregion: {d['region']}\nmode: {d['mode']}\n"
              f"units: {yaml_list(d['units'])}\nparticipants: {d['participants']}\ntags: {yaml_list(d['tags'])}\n")
        fm += "featured: true\n" if d["featured"] else ""
        fm += "draft: true\n" if d["draft"] else ""
        write(f"{out}/content/reports/{d['file']}", f"---\n{fm}---\n\n{d['body']}")
    for d in classes:
        fm = (f"title: {d['title']}\ndate: {d['date'].isoformat()}\nregion: {d['region']}\nlecturer: {d['lecturer']}\n"
              f"lecturer_title: {d['lecturer_title']}\naudience: {d['audience']}\nduration: {d['duration']}\n"
              f"tags: {yaml_list(d['tags'])}\n")
        write(f"{out}/content/classes/{d['file']}", f"---\n{fm}---\n\n{d['body']}")


def peer_body(d, style):
    """Internal links: Zola resolves @/ itself; Hugo gets the final URL."""
    if style == "zola":
        return d["body"]
    text = d["body"]
    return re.sub(r"\(@/(reports|classes)/\d{4}/([^)]+)\.md\)", r"(/\1/\2/)", text)


HUGO_LAYOUTS = {
    "_default/baseof.html": "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{{ .Title }} · {{ .Site.Title }}</title></head>\n<body><nav><a href=\"/\">首页</a> <a href=\"/reports/\">活动报道</a> <a href=\"/classes/\">党课</a></nav>\n<main>{{ block \"main\" . }}{{ end }}</main></body></html>\n",
    "_default/single.html": "{{ define \"main\" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format \"2006-01-02\" }} · {{ range .Params.regions }}{{ . }}{{ end }} · {{ range .Params.modes }}{{ . }}{{ end }}</p>\n<ul>{{ range .Params.tags }}<li><a href=\"/tags/{{ . | urlize }}/\">{{ . }}</a></li>{{ end }}</ul>{{ .Content }}</article>{{ end }}\n",
    "_default/list.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range (.Paginate .Pages).Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ .Date.Format \"2006-01-02\" }}</li>{{ end }}</ul>{{ end }}\n",
    "_default/terms.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.ByCount }}<li><a href=\"{{ .Page.RelPermalink }}\">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}\n",
    "index.html": "{{ define \"main\" }}<h1>{{ .Site.Title }}</h1><ul>{{ range first 20 (where .Site.RegularPages \"Section\" \"reports\") }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n",
}

ZOLA_TEMPLATES = {
    "base.html": "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{% block title %}{{ config.title }}{% endblock %}</title></head>\n<body><nav><a href=\"/\">首页</a> <a href=\"/reports/\">活动报道</a> <a href=\"/classes/\">党课</a></nav>\n<main>{% block main %}{% endblock %}</main></body></html>\n",
    "page.html": "{% extends \"base.html\" %}{% block title %}{{ page.title }} · {{ config.title }}{% endblock %}{% block main %}<article><h1>{{ page.title }}</h1><p>{{ page.date }} · {{ page.taxonomies.regions | join(sep=\"\") }} · {{ page.taxonomies.modes | join(sep=\"\") }}</p>\n<ul>{% for t in page.taxonomies.tags %}<li><a href=\"{{ get_taxonomy_url(kind=\"tags\", name=t) }}\">{{ t }}</a></li>{% endfor %}</ul>{{ page.content | safe }}</article>{% endblock %}\n",
    "section.html": "{% extends \"base.html\" %}{% block main %}<h1>{{ section.title }}</h1><ul>{% for p in paginator.pages %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a> {{ p.date }}</li>{% endfor %}</ul>{% endblock %}\n",
    "index.html": "{% extends \"base.html\" %}{% block main %}<h1>{{ config.title }}</h1>{% set s = get_section(path=\"reports/_index.md\") %}<ul>{% for p in s.pages | slice(end=20) %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a></li>{% endfor %}</ul>{% endblock %}\n",
    "taxonomy_list.html": "{% extends \"base.html\" %}{% block main %}<h1>{{ taxonomy.name }}</h1><ul>{% for t in terms %}<li><a href=\"{{ t.permalink }}\">{{ t.name }}</a> ({{ t.page_count }})</li>{% endfor %}</ul>{% endblock %}\n",
    "taxonomy_single.html": "{% extends \"base.html\" %}{% block main %}<h1>{{ term.name }}</h1><ul>{% for p in paginator.pages %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a></li>{% endfor %}</ul>{% endblock %}\n",
}


def peer_front_matter(d, style):
    title = d["title"]
    regions, modes, tags = [d["region"]], [d.get("mode", "党课")], d["tags"]
    if style == "hugo":
        return (f"---\ntitle: {title}\ndate: {d['date'].isoformat()}\nslug: {d['slug']}\ndraft: {str(d.get('draft', False)).lower()}\n"
                f"regions: {yaml_list(regions)}\nmodes: {yaml_list(modes)}\ntags: {yaml_list(tags)}\n---\n\n")
    q = lambda xs: "[" + ", ".join(f'"{x}"' for x in xs) + "]"
    return (f"+++\ntitle = \"{title}\"\ndate = {d['date'].isoformat()}\nslug = \"{d['slug']}\"\ndraft = {str(d.get('draft', False)).lower()}\n"
            f"[taxonomies]\nregions = {q(regions)}\nmodes = {q(modes)}\ntags = {q(tags)}\n+++\n\n")


def write_peer(out, style, regions, reports, classes):
    if style == "hugo":
        write(f"{out}/hugo.toml", "baseURL = 'http://intranet.example/party/'\ntitle = '区域化党建信息平台（基准测试）'\n"
              "languageCode = 'zh-cn'\nhasCJKLanguage = true\ndisableKinds = ['RSS']\n[pagination]\npagerSize = 20\n"
              "[taxonomies]\ntag = 'tags'\nregion = 'regions'\nmode = 'modes'\n[permalinks]\nreports = '/reports/:slug/'\nclasses = '/classes/:slug/'\n")
        for name, text in HUGO_LAYOUTS.items():
            write(f"{out}/layouts/{name}", text)
        for sec, title in (("reports", "活动报道"), ("classes", "党课")):
            write(f"{out}/content/{sec}/_index.md", f"---\ntitle: {title}\n---\n")
    else:
        write(f"{out}/config.toml", "base_url = 'http://intranet.example/party/'\ntitle = '区域化党建信息平台（基准测试）'\n"
              "default_language = 'zh'\ngenerate_feeds = false\nbuild_search_index = false\n"
              "taxonomies = [{name = 'tags', paginate_by = 20}, {name = 'regions', paginate_by = 20}, {name = 'modes', paginate_by = 20}]\n"
              "[markdown]\n[markdown.highlighting]\ntheme = 'github-light'\n")
        for name, text in ZOLA_TEMPLATES.items():
            write(f"{out}/templates/{name}", text)
        for sec, title in (("reports", "活动报道"), ("classes", "党课")):
            write(f"{out}/content/{sec}/_index.md", f"+++\ntitle = \"{title}\"\nsort_by = \"date\"\npaginate_by = 20\ntransparent = false\n+++\n")
            for year in (2019, 2020, 2021):
                write(f"{out}/content/{sec}/{year}/_index.md", f"+++\ntitle = \"{year}\"\ntransparent = true\nrender = false\n+++\n")
    for d in reports + classes:
        write(f"{out}/content/{d['kind']}/{d['file']}", peer_front_matter(d, style) + peer_body(d, style))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--reports", type=int, default=10000)
    ap.add_argument("--regions", type=int, default=20)
    ap.add_argument("--classes", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--format", choices=["native", "hugo", "zola"], default="native")
    args = ap.parse_args()
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    regions, reports, classes = plan(args)
    if args.format == "native":
        write_native(args.out, regions, reports, classes)
    else:
        write_peer(args.out, args.format, regions, reports, classes)
    print(f"{args.out}: {len(regions)} regions, {len(reports)} reports, {len(classes)} classes ({args.format})")


if __name__ == "__main__":
    main()
