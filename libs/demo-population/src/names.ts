export const GIVEN_NAMES = [
  'Daan', 'Sem', 'Lucas', 'Noah', 'Levi', 'Finn', 'Milan', 'Bram', 'Jesse', 'Thijs', 'Mohammed', 'Youssef',
  'Emma', 'Julia', 'Tess', 'Sophie', 'Zoë', 'Mila', 'Sara', 'Anna', 'Fleur', 'Lotte', 'Fatima', 'Noor',
  'Jan', 'Kees', 'Henk', 'Wim', 'Gerrit', 'Ans', 'Joke', 'Ria', 'Marieke', 'Priya', 'Mehmet', 'Ayşe',
] as const;

export const FAMILY_NAMES = [
  'de Jong', 'Jansen', 'de Vries', 'van den Berg', 'van Dijk', 'Bakker', 'Janssen', 'Visser', 'Smit',
  'Meijer', 'de Boer', 'Mulder', 'de Groot', 'Bos', 'Vos', 'Peters', 'Hendriks', 'van Leeuwen', 'Dekker',
  'Brouwer', 'de Wit', 'Dijkstra', 'Yılmaz', 'El Idrissi', 'Bouali', 'Kaya', 'Martina', 'Sanchez', 'Nguyen',
] as const;

export const STREETS = [
  'Oudegracht', 'Biltstraat', 'Amsterdamsestraatweg', 'Kanaalweg', 'Vleutenseweg', 'Marnixlaan', 'Kardinaal de Jonglaan',
  'Overvecht-plein', 'Columbuslaan', 'Vasco da Gamalaan', 'Zamenhofdreef', 'Kruisstraat', 'Hooghiemstraplein',
] as const;
