/** Dictionaries of the registry (R2): keys stored, labels shown. Admin-editable later via settings. */
import type { Label } from './fields.js';

type Dict = Record<string, Label>;

export const ENTERPRISE_KINDS: Dict = {
  pipeline_gas: { zh: '管道燃气经营企业', en: 'Pipeline gas operator' },
  bottled_lpg: { zh: '瓶装液化石油气经营企业', en: 'Bottled LPG operator' },
  filling_station: { zh: '气瓶充装单位', en: 'Cylinder filling station' },
  storage_station: { zh: '储配站', en: 'Storage/distribution station' },
  supply_point: { zh: '供应站点', en: 'Supply point' },
  vehicle_refuelling: { zh: '加气站（CNG/LNG/车用）', en: 'Vehicle refuelling station' },
  hazmat_transport: { zh: '危险货物运输企业', en: 'Dangerous-goods transport company' },
  product_maker: { zh: '气瓶/燃气具/配件生产企业', en: 'Maker of cylinders/appliances/parts' },
  product_seller: { zh: '燃气具及配件销售（含电商）', en: 'Seller of appliances/parts (incl. e-commerce)' },
  inspection_agency: { zh: '特种设备检验机构', en: 'Special-equipment inspection agency' },
  industrial_fuel: { zh: '工业燃料生产经营企业', en: 'Industrial-fuel producer' },
};

export const LICENCE_KINDS: Dict = {
  gas_business: { zh: '燃气经营许可证', en: 'Gas business licence' },
  cylinder_filling: { zh: '气瓶充装许可证', en: 'Cylinder filling licence' },
  manufacturing: { zh: '制造许可证', en: 'Manufacturing licence' },
  hazmat_transport: { zh: '危险货物道路运输许可证', en: 'Dangerous-goods road transport permit' },
  principal_cert: { zh: '主要负责人考核合格证', en: 'Principal safety certificate' },
  safety_manager_cert: { zh: '安全管理人员考核合格证', en: 'Safety manager certificate' },
  special_equipment_cert: { zh: '特种设备作业人员证', en: 'Special-equipment operator certificate' },
};

export const VENUE_KINDS: Dict = {
  restaurant: { zh: '餐饮场所', en: 'Restaurant' },
  school: { zh: '学校', en: 'School' },
  kindergarten: { zh: '幼儿园', en: 'Kindergarten' },
  training: { zh: '培训机构', en: 'Training institution' },
  hospital: { zh: '医院', en: 'Hospital' },
  mental_health: { zh: '精神卫生机构', en: 'Mental-health institution' },
  elderly_home: { zh: '养老院/敬老院', en: 'Elderly home' },
  welfare_home: { zh: '福利院', en: 'Welfare home' },
  elder_canteen: { zh: '长者食堂', en: "Seniors' canteen" },
  hotel: { zh: '宾馆酒店', en: 'Hotel' },
  tourist_site: { zh: '旅游景区', en: 'Tourist site' },
  religious_site: { zh: '宗教活动场所', en: 'Religious site' },
  government_canteen: { zh: '机关食堂', en: 'Government canteen' },
  company_canteen: { zh: '企业食堂', en: 'Company canteen' },
  market: { zh: '农贸市场', en: 'Market' },
  commercial_complex: { zh: '商业综合体', en: 'Commercial complex' },
  construction_site: { zh: '建筑工地', en: 'Construction site' },
  group_rental: { zh: '群租房', en: 'Group rental' },
  homestay: { zh: '民宿', en: 'Homestay' },
  other: { zh: '其他', en: 'Other' },
};

export const GAS_SOURCES: Dict = {
  pipeline_ng: { zh: '管道天然气', en: 'Pipeline natural gas' },
  bottled_lpg: { zh: '瓶装液化石油气', en: 'Bottled LPG' },
  dme: { zh: '二甲醚', en: 'DME' },
  industrial_fuel: { zh: '工业燃料（醇基等）', en: 'Industrial fuel' },
};

export const HARDSHIP: Dict = {
  none: { zh: '无', en: 'None' },
  dibao: { zh: '低保', en: 'Minimum living allowance' },
  tekun: { zh: '特困', en: 'Extreme poverty' },
};

export const FACILITY_KINDS: Dict = {
  pipeline_municipal: { zh: '市政管道', en: 'Municipal pipeline' },
  pipeline_courtyard: { zh: '庭院管道', en: 'Courtyard pipeline' },
  pipeline_riser: { zh: '立管', en: 'Riser' },
  gate_station: { zh: '门站', en: 'Gate station' },
  storage_station: { zh: '储配站', en: 'Storage station' },
  regulator_station: { zh: '调压站', en: 'Regulator station' },
  regulator_box: { zh: '调压箱', en: 'Regulator box' },
  regulator_cabinet: { zh: '调压柜', en: 'Regulator cabinet' },
  refuelling_station: { zh: '加气站', en: 'Refuelling station' },
};

export const PRESSURE_CLASSES: Dict = {
  low: { zh: '低压', en: 'Low' },
  medium_b: { zh: '中压B', en: 'Medium B' },
  medium_a: { zh: '中压A', en: 'Medium A' },
  sub_high: { zh: '次高压', en: 'Sub-high' },
  high: { zh: '高压', en: 'High' },
};

export const PIPE_MATERIALS: Dict = {
  pe: { zh: 'PE', en: 'PE' },
  steel: { zh: '钢管', en: 'Steel' },
  galvanized_steel: { zh: '镀锌钢管', en: 'Galvanised steel' },
  cast_iron: { zh: '灰口铸铁', en: 'Grey cast iron' },
  ductile_iron: { zh: '球墨铸铁', en: 'Ductile iron' },
  composite: { zh: '复合管', en: 'Composite' },
  other: { zh: '其他', en: 'Other' },
};

export const PERSON_ROLES: Dict = {
  principal: { zh: '主要负责人', en: 'Principal' },
  safety_manager: { zh: '安全管理人员', en: 'Safety manager' },
  special_equipment_operator: { zh: '特种设备作业人员', en: 'Special-equipment operator' },
  delivery_worker: { zh: '送气工', en: 'Delivery worker' },
  other: { zh: '其他', en: 'Other' },
};

export const VEHICLE_KINDS: Dict = {
  delivery: { zh: '配送车辆', en: 'Delivery vehicle' },
  transport: { zh: '危险货物运输车辆', en: 'Dangerous-goods transport vehicle' },
};

export const PRODUCT_CATEGORIES: Dict = {
  cylinder: { zh: '气瓶', en: 'Cylinder' },
  valve: { zh: '瓶阀/阀门', en: 'Valve' },
  regulator: { zh: '调压器', en: 'Regulator' },
  hose: { zh: '连接软管', en: 'Hose' },
  stove: { zh: '燃气灶具', en: 'Stove' },
  water_heater: { zh: '燃气热水器', en: 'Water heater' },
  detector: { zh: '可燃气体探测器', en: 'Gas detector' },
  shutoff_valve: { zh: '紧急切断阀', en: 'Shut-off valve' },
  other: { zh: '其他', en: 'Other' },
};

export const RECORD_STATUS: Dict = {
  active: { zh: '在册', en: 'Active' },
  suspended: { zh: '暂停', en: 'Suspended' },
  closed: { zh: '注销/停用', en: 'Closed' },
};

export const keysOf = (d: Dict) => Object.keys(d) as readonly string[];
